/// A mappings file problem, located: `mappings/deal.yaml:14: fields.stage.hubspot.values: …`.
/// `dealsyncd check-config` prints it and exits 78.
public struct MappingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line of the offending node, when known.
    public var line: Int?
    /// Dotted key path inside the file (`fields.stage.hubspot.values`).
    public var path: String
    public var message: String

    public init(file: String, line: Int?, path: String, message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        let key = path.isEmpty ? message : "\(path): \(message)"
        // A value typed by an admin has no file to point at.
        return location.isEmpty ? key : "\(location): \(key)"
    }
}
