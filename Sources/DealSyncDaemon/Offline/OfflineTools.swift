import DealSyncHooks
import Foundation

/// `dealsyncd predict` and `dealsyncd redact`: operator tools that need no daemon, store or
/// config. Each returns what to print and the exit status, so tests call them directly.
public enum OfflineTools {
    public struct Result: Sendable, Equatable {
        public var stdout: String
        public var stderr: String
        public var status: Int32
    }

    /// `EX_DATAERR` from sysexits.h: the input file is not what the command expects.
    public static let exitDataError: Int32 = 65
    /// `EX_NOINPUT`: a named file cannot be read.
    public static let exitNoInput: Int32 = 66

    /// One probability per CSV row (`%.9g`, xgboost's own digits), in row order, so the
    /// output can be diffed against `Booster.predict` before a model is deployed.
    public static func predict(modelPath: String, inputPath: String) -> Result {
        let model: XGBoostModel
        let csvText: String
        do {
            csvText = try String(contentsOfFile: inputPath, encoding: .utf8)
        } catch {
            return Result(stdout: "", stderr: "\(inputPath): cannot read: \(error.localizedDescription)\n", status: exitNoInput)
        }
        do {
            model = try XGBoostModel(contentsOf: URL(fileURLWithPath: modelPath))
        } catch let error as XGBoostModel.LoadError {
            return Result(stdout: "", stderr: "\(modelPath): \(error)\n", status: exitDataError)
        } catch {
            return Result(stdout: "", stderr: "\(modelPath): cannot read: \(error.localizedDescription)\n", status: exitNoInput)
        }
        do {
            let rows = try FeatureCSV(text: csvText).rows(for: model)
            let lines = rows.map { String(format: "%.9g", Double(model.predict($0))) }
            return Result(stdout: lines.map { $0 + "\n" }.joined(), stderr: "", status: 0)
        } catch {
            return Result(stdout: "", stderr: "\(inputPath): \(error)\n", status: exitDataError)
        }
    }

    /// Redacts `text`; with `json`, prints `{"text": …, "spans": [{"kind","start","end"}]}`
    /// (offsets in Unicode scalars of the input), else only the redacted text.
    public static func redact(_ text: String, json: Bool) -> Result {
        let redaction: Redaction
        do { redaction = try PIIDetector().redact(text) } catch {
            return Result(stdout: "", stderr: "redact: input too long to scan\n", status: exitDataError)
        }
        guard json else { return Result(stdout: redaction.text, stderr: "", status: 0) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and integers cannot fail.
        let body = try! encoder.encode(redaction)
        return Result(stdout: String(decoding: body, as: UTF8.self) + "\n", stderr: "", status: 0)
    }
}
