import Foundation

extension XGBoostModel {
    /// A row in the model's feature order; NaN = missing.
    public typealias Row = [Float]

    /// The row for named features, in the model's order.
    public func row(_ features: DealFeatures) -> Row {
        featureNames.map { features[$0].map(Float.init) ?? .nan }
    }

    @inline(__always)
    private static func leaf(_ nodes: UnsafeBufferPointer<Node>, root: Int, _ row: UnsafeBufferPointer<Float>) -> Node {
        var node = nodes[root]
        while node.left != -1 {
            let x = row[Int(node.feature)]
            // NaN compares false both ways, so test it explicitly for the default direction.
            let goLeft = x.isNaN ? node.defaultLeft : x < node.condition
            node = nodes[Int(goLeft ? node.left : node.right)]
        }
        return node
    }

    /// The raw margin (log-odds), summed in float32 in tree order like xgboost.
    public func margin(_ row: Row) -> Float {
        precondition(row.count == featureNames.count, "row has \(row.count) values, model \(featureNames.count) features")
        var sum = baseMargin
        nodes.withUnsafeBufferPointer { n in
            row.withUnsafeBufferPointer { r in
                for root in roots { sum += Self.leaf(n, root: root, r).condition }
            }
        }
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
        for root in roots {
            var node = nodes[root]
            out[featureNames.count] += node.meanValue
            while node.left != -1 {
                let f = Int(node.feature)
                let x = row[f]
                let goLeft = x.isNaN ? node.defaultLeft : x < node.condition
                let next = nodes[Int(goLeft ? node.left : node.right)]
                out[f] += next.meanValue - node.meanValue
                node = next
            }
        }
        return out
    }
}
