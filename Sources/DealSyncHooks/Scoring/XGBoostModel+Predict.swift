import Foundation

extension XGBoostModel {
    /// A row in the model's feature order; NaN = missing.
    public typealias Row = [Float]

    /// The row for named features, in the model's order.
    public func row(_ features: DealFeatures) -> Row {
        featureNames.map { features[$0].map(Float.init) ?? .nan }
    }

    @inline(__always)
    private func leaf(_ tree: Tree, _ row: Row) -> Int {
        var node = 0
        while tree.left[node] != -1 {
            let x = row[Int(tree.feature[node])]
            // NaN compares false both ways, so test it explicitly for the default direction.
            let goLeft = x.isNaN ? tree.defaultLeft[node] : x < tree.condition[node]
            node = Int(goLeft ? tree.left[node] : tree.right[node])
        }
        return node
    }

    /// The raw margin (log-odds), summed in float32 in tree order like xgboost.
    public func margin(_ row: Row) -> Float {
        var sum = baseMargin
        for tree in trees { sum += tree.condition[leaf(tree, row)] }
        return sum
    }

    /// The win probability, `1 / (1 + exp(-margin))` in float32 as xgboost computes it.
    public func predict(_ row: Row) -> Float {
        1 / (1 + expf(-margin(row)))
    }

    /// Per-feature margin contributions by path attribution (Saabas; xgboost's
    /// `pred_contribs=True, approx_contribs=True`). The last element is the bias; the
    /// elements sum to the margin.
    public func contributions(_ row: Row) -> [Float] {
        var out = [Float](repeating: 0, count: featureNames.count + 1)
        out[featureNames.count] = baseMargin
        for tree in trees {
            var node = 0
            var value = tree.meanValue[0]
            out[featureNames.count] += value
            while tree.left[node] != -1 {
                let f = Int(tree.feature[node])
                let x = row[f]
                let goLeft = x.isNaN ? tree.defaultLeft[node] : x < tree.condition[node]
                node = Int(goLeft ? tree.left[node] : tree.right[node])
                let next = tree.meanValue[node]
                out[f] += next - value
                value = next
            }
        }
        return out
    }
}
