import Foundation

/// Feature rows from CSV text, as `dealsyncd predict` and the training script exchange them:
/// a header row of feature names, one deal per row, an empty cell for a missing value.
/// Plain numbers only (no quoting): the files come from tools, not spreadsheets.
public struct FeatureCSV: Sendable {
    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    public let header: [String]
    public let rows: [[Float]]

    public init(text: String) throws {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let first = lines.first else { throw ParseError(description: "empty input: expected a header row") }
        let header = first.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        self.header = header
        rows = try lines.dropFirst().enumerated().map { index, line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == header.count else {
                throw ParseError(description: "row \(index + 2): \(cells.count) cells, header has \(header.count)")
            }
            return try cells.map { cell in
                let t = cell.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return .nan }
                // Double first, then round once to float32, as numpy's float32 cast does.
                guard let d = Double(t) else { throw ParseError(description: "row \(index + 2): \(t) is not a number") }
                return Float(d)
            }
        }
    }

    /// The rows in `model`'s feature order, matching columns by name; a column the model does
    /// not know is an error, one it needs but the file lacks is missing in every row.
    public func rows(for model: XGBoostModel) throws -> [XGBoostModel.Row] {
        if let unknown = header.first(where: { !model.featureNames.contains($0) }) {
            throw ParseError(description: "column \(unknown) is not a feature of the model (\(model.featureNames.joined(separator: ", ")))")
        }
        let column = model.featureNames.map { header.firstIndex(of: $0) }
        return rows.map { row in column.map { $0.map { row[$0] } ?? .nan } }
    }
}
