/// One thing wrong with a configuration file, formatted the way compilers and systemd
/// report problems (`file:line: key.path: what is wrong`) so editors and operators can jump
/// straight to it.
public struct ConfigIssue: Sendable, Hashable, CustomStringConvertible {
    /// Path of the file the problem is in, as given to the loader.
    public var file: String
    /// 1-based line, or nil when the problem is not tied to a line (an unreadable file).
    public var line: Int?
    /// Dotted path of the key (`orgs.acme.sources.sf.kind`); empty for file-level problems.
    public var keyPath: String
    /// What is wrong, in words an operator can act on. Never contains a credential value.
    public var message: String

    public init(file: String, line: Int?, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if !keyPath.isEmpty { text += "\(keyPath): " }
        return text + message
    }
}

/// Every problem found in one configuration file. Loading collects them all, so an operator
/// fixes a file in one pass instead of one error per restart.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var issues: [ConfigIssue]

    public init(issues: [ConfigIssue]) {
        self.issues = issues
    }

    /// One issue per line, in file order.
    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
