import Foundation

/// A binary-logistic gradient-boosted tree model read from the JSON that xgboost's
/// `Booster.save_model("m.json")` writes. Evaluation mirrors xgboost's CPU predictor: float32
/// thresholds and sums, `x < split_condition` goes left, a missing value takes `default_left`.
public struct XGBoostModel: Sendable {
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// One node. All trees' nodes live in one contiguous array, child indexes absolute, so a
    /// prediction walks plain memory without per-tree retains.
    struct Node: Sendable {
        /// -1 for a leaf.
        let left: Int32
        let right: Int32
        let feature: Int32
        let defaultLeft: Bool
        /// The threshold for a split node, the leaf value for a leaf.
        let condition: Float
        /// Hessian-weighted mean output below the node, for path attribution.
        let meanValue: Float
    }

    public let featureNames: [String]
    /// `logit(base_score)`, the margin every prediction starts from.
    public let baseMargin: Float
    let nodes: [Node]
    /// Index of each tree's root in `nodes`.
    let roots: [Int]

    public var treeCount: Int { roots.count }

    public init(contentsOf url: URL) throws {
        try self.init(json: try Data(contentsOf: url))
    }

    public init(json: Data) throws {
        let doc: ModelFile
        do { doc = try JSONDecoder().decode(ModelFile.self, from: json) } catch {
            throw LoadError(description: "not an xgboost JSON model: \(error)")
        }
        let learner = doc.learner
        guard learner.objective.name == "binary:logistic" else {
            throw LoadError(description: "objective \(learner.objective.name) is not binary:logistic")
        }
        guard learner.gradient_booster.name == "gbtree" else {
            throw LoadError(description: "booster \(learner.gradient_booster.name) is not gbtree")
        }
        let base = learner.learner_model_param.base_score.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
        guard let p = Float(base), p > 0, p < 1 else {
            throw LoadError(description: "base_score \(learner.learner_model_param.base_score) is not a probability")
        }
        let numFeature = Int(learner.learner_model_param.num_feature) ?? 0
        let names = learner.feature_names ?? (0..<numFeature).map { "f\($0)" }
        featureNames = names
        // xgboost's ProbToMargin for the logistic objective, in float.
        baseMargin = -logf(1 / p - 1)
        var nodes: [Node] = []
        var roots: [Int] = []
        for tree in learner.gradient_booster.model.trees {
            roots.append(nodes.count)
            nodes += try Self.tree(tree, featureCount: names.count, offset: Int32(nodes.count))
        }
        self.nodes = nodes
        self.roots = roots
    }

    private static func tree(_ t: ModelFile.Tree, featureCount: Int, offset: Int32) throws -> [Node] {
        let n = t.left_children.count
        guard [t.right_children.count, t.split_indices.count, t.split_conditions.count, t.default_left.count, t.sum_hessian.count]
            .allSatisfy({ $0 == n }), n > 0 else {
            throw LoadError(description: "tree \(t.id ?? -1): node arrays differ in length")
        }
        if let types = t.split_type, types.contains(where: { $0 != 0 }) {
            throw LoadError(description: "tree \(t.id ?? -1): categorical splits are not supported")
        }
        for i in 0..<n where t.left_children[i] != -1 {
            guard (0..<n).contains(Int(t.left_children[i])), (0..<n).contains(Int(t.right_children[i])),
                  (0..<featureCount).contains(Int(t.split_indices[i])) else {
                throw LoadError(description: "tree \(t.id ?? -1): node \(i) points outside the tree")
            }
        }
        var mean = [Float](repeating: 0, count: n)
        // Children always have larger ids than their parent in xgboost trees, so a reverse
        // sweep sees both children first (xgboost's FillNodeMeanValues).
        for i in stride(from: n - 1, through: 0, by: -1) {
            let l = Int(t.left_children[i])
            if l == -1 {
                mean[i] = t.split_conditions[i]
            } else {
                let r = Int(t.right_children[i])
                let h = Float(t.sum_hessian[i])
                mean[i] = (mean[l] * Float(t.sum_hessian[l]) + mean[r] * Float(t.sum_hessian[r])) / h
            }
        }
        return (0..<n).map { i in
            let leaf = t.left_children[i] == -1
            return Node(left: leaf ? -1 : t.left_children[i] + offset, right: leaf ? -1 : t.right_children[i] + offset,
                        feature: t.split_indices[i], defaultLeft: t.default_left[i] != 0,
                        condition: t.split_conditions[i], meanValue: mean[i])
        }
    }
}

/// The parts of xgboost's JSON schema the evaluator reads.
private struct ModelFile: Decodable {
    struct Tree: Decodable {
        let id: Int?
        let left_children: [Int32]
        let right_children: [Int32]
        let split_indices: [Int32]
        let split_conditions: [Float]
        let default_left: [Int]
        let sum_hessian: [Double]
        let split_type: [Int]?
    }
    struct Model: Decodable { let trees: [Tree] }
    struct Booster: Decodable { let name: String; let model: Model }
    struct Objective: Decodable { let name: String }
    struct Param: Decodable { let base_score: String; let num_feature: String }
    struct Learner: Decodable {
        let feature_names: [String]?
        let learner_model_param: Param
        let objective: Objective
        let gradient_booster: Booster
    }
    let learner: Learner
}
