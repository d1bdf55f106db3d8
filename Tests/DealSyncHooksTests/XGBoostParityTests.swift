import DealSyncHooks
import Foundation
import Testing

@Suite struct XGBoostParityTests {
    let model: XGBoostModel
    let rows: [XGBoostModel.Row]

    init() throws {
        model = try XGBoostModel(contentsOf: Fixtures.url("parity-model.json"))
        rows = try FeatureCSV(text: Fixtures.text("parity-inputs.csv")).rows(for: model)
    }

    @Test func everyRowMatchesPythonXGBoostWithin1e6() throws {
        let expected = try Fixtures.text("parity-preds.txt").split(separator: "\n").map { Double($0)! }
        #expect(rows.count == expected.count)
        #expect(rows.count >= 100)
        var worst = 0.0
        for (row, python) in zip(rows, expected) {
            worst = max(worst, abs(Double(model.predict(row)) - python))
        }
        print("xgboost parity: \(rows.count) rows, max |swift - python| = \(worst)")
        #expect(worst <= 1e-6)
    }

    @Test func pathContributionsMatchXGBoostApproxContribs() throws {
        let lines = try Fixtures.text("parity-contribs.csv").split(separator: "\n").dropFirst()
        let expected = lines.map { $0.split(separator: ",").map { Double($0)! } }
        var worst = 0.0
        for (row, python) in zip(rows, expected) {
            let swift = model.contributions(row)
            worst = max(worst, zip(swift, python).map { abs(Double($0) - $1) }.max()!)
            // Contributions add up to the margin, so the risks explain the score.
            #expect(abs(Double(swift.reduce(0, +)) - Double(model.margin(row))) < 1e-4)
        }
        #expect(worst < 1e-4)
    }

    @Test func defaultModelLoadsWithTheCanonicalFeatures() throws {
        let model = try XGBoostModel(contentsOf: Fixtures.defaultModel)
        #expect(model.featureNames == DealFeatures.names)
        #expect(model.treeCount > 0)
    }

    @Test func splitsSendValuesOnTheThresholdRight() throws {
        // A stump on f0 at 1.5: 1.5 itself is not < 1.5, so it goes right; NaN follows default_left.
        let json = #"""
        {"learner": {"feature_names": ["a"], "objective": {"name": "binary:logistic"},
         "learner_model_param": {"base_score": "5E-1", "num_feature": "1"},
         "gradient_booster": {"name": "gbtree", "model": {"trees": [{"id": 0,
           "left_children": [1, -1, -1], "right_children": [2, -1, -1], "split_indices": [0, 0, 0],
           "split_conditions": [1.5, -1.0, 2.0], "default_left": [1, 0, 0], "sum_hessian": [2, 1, 1]}]}}}}
        """#
        let stump = try XGBoostModel(json: Data(json.utf8))
        #expect(stump.margin([1.5]) == 2)
        #expect(stump.margin([1.4999999]) == -1)
        #expect(stump.margin([.nan]) == -1)
        #expect(abs(stump.predict([1.5]) - 1 / (1 + expf(-2))) < 1e-7)
        #expect(stump.contributions([1.5]) == [1.5, 0.5])
    }

    @Test func rejectsModelsItCannotEvaluate() {
        #expect(throws: XGBoostModel.LoadError.self) { try XGBoostModel(json: Data("{}".utf8)) }
        let regression = #"{"learner": {"objective": {"name": "reg:squarederror"}, "learner_model_param": {"base_score": "0.5", "num_feature": "1"}, "gradient_booster": {"name": "gbtree", "model": {"trees": []}}}}"#
        #expect(throws: XGBoostModel.LoadError.self) { try XGBoostModel(json: Data(regression.utf8)) }
    }

    @Test func csvColumnsAreMatchedByNameAndEmptyCellsAreMissing() throws {
        let csv = try FeatureCSV(text: "win_rate_rep,deal_velocity\n0.5,\n")
        let row = try csv.rows(for: model)[0]
        #expect(row[model.featureNames.firstIndex(of: "win_rate_rep")!] == 0.5)
        #expect(row[model.featureNames.firstIndex(of: "deal_velocity")!].isNaN)
        #expect(throws: FeatureCSV.ParseError.self) { try FeatureCSV(text: "nope\n1\n").rows(for: model) }
        #expect(throws: FeatureCSV.ParseError.self) { try FeatureCSV(text: "a,b\n1\n") }
    }
}
