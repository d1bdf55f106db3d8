import ArgumentParser
import DealSyncDaemon
import Foundation

/// Prints an offline tool's output and exits with its status.
private func finish(_ result: OfflineTools.Result) throws {
    FileHandle.standardOutput.write(Data(result.stdout.utf8))
    FileHandle.standardError.write(Data(result.stderr.utf8))
    if result.status != 0 { throw ExitCode(result.status) }
}

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Print a model's win probability for each row of a CSV (check a model file before deploying it).")

    @Option(help: "XGBoost JSON model (Booster.save_model).")
    var model: String

    @Option(help: "CSV: header row of feature names, one deal per row, empty cell = missing.")
    var input: String

    func run() throws {
        try finish(OfflineTools.predict(modelPath: absolutePath(model), inputPath: absolutePath(input)))
    }
}

struct RedactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Redact personal data in text read from stdin.")

    @Flag(help: "Print {\"text\", \"spans\": [{\"kind\", \"start\", \"end\"}]}; offsets count Unicode scalars.")
    var json = false

    func run() throws {
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        try finish(OfflineTools.redact(input, json: json))
    }
}
