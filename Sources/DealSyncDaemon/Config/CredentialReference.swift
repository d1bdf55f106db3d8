import Foundation

/// Where a source's credential document comes from. Secrets are never written inline in the
/// main config file, so the file can be world-readable and checked into configuration management.
public enum CredentialReference: Sendable, Hashable, CustomStringConvertible {
    /// `file: PATH`: a JSON file; relative paths are relative to the config file's directory.
    case file(String)
    /// `env: NAME`: an environment variable holding the JSON document.
    case env(String)
    /// `systemd: NAME`: `$CREDENTIALS_DIRECTORY/NAME`, as provided by `LoadCredential=`.
    case systemd(String)

    /// Names the reference (path or variable name), never its content: safe to log.
    public var description: String {
        switch self {
        case .file(let path): "file \(path)"
        case .env(let name): "env \(name)"
        case .systemd(let name): "systemd credential \(name)"
        }
    }
}

/// A resolved credential document: string keys such as `access_token`, `refresh_token`,
/// `client_id`, `client_secret`, `token_url`, `api_token`, `webhook_secret`, `webhook_user`,
/// `webhook_password`.
///
/// Every textual form of this type is redacted, so interpolating a config or a source into a
/// log line or error can never leak a secret; code that needs a value asks for it by key.
public struct Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    private let values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    public subscript(key: String) -> String? { values[key] }

    /// The keys present (not their values), sorted.
    public var keys: [String] { values.keys.sorted() }

    public var description: String { "<credentials: \(keys.joined(separator: ","))>" }
    public var debugDescription: String { description }
}

/// What credential references are resolved against: the process environment and the
/// systemd credentials directory. Injected so tests need not mutate the real environment.
public struct CredentialEnvironment: Sendable {
    public var variables: [String: String]
    /// `$CREDENTIALS_DIRECTORY`, set by systemd when the unit has `LoadCredential=`.
    public var credentialsDirectory: String?

    public init(variables: [String: String], credentialsDirectory: String? = nil) {
        self.variables = variables
        self.credentialsDirectory = credentialsDirectory ?? variables["CREDENTIALS_DIRECTORY"]
    }

    /// The running process's environment.
    public static var process: CredentialEnvironment {
        CredentialEnvironment(variables: ProcessInfo.processInfo.environment)
    }

    /// Reads and parses the document a reference names. Error messages name the reference
    /// and what is wrong, never any part of the content.
    func resolve(_ reference: CredentialReference) -> Result<Credentials, ConfigValueError> {
        let data: Data
        switch reference {
        case .file(let path):
            guard let d = FileManager.default.contents(atPath: path) else {
                return .failure(.init("cannot read credential file \(path)"))
            }
            data = d
        case .env(let name):
            guard let value = variables[name] else {
                return .failure(.init("environment variable \(name) is not set"))
            }
            data = Data(value.utf8)
        case .systemd(let name):
            guard let dir = credentialsDirectory, !dir.isEmpty else {
                return .failure(.init(
                    "CREDENTIALS_DIRECTORY is not set (add LoadCredential=\(name):PATH to the unit)"))
            }
            let path = (dir as NSString).appendingPathComponent(name)
            guard let d = FileManager.default.contents(atPath: path) else {
                return .failure(.init("systemd credential \(name) not found in \(dir)"))
            }
            data = d
        }
        return Self.parse(data, from: reference)
    }

    private static func parse(_ data: Data, from reference: CredentialReference) -> Result<Credentials, ConfigValueError> {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return .failure(.init("\(reference) is not a JSON object"))
        }
        var values: [String: String] = [:]
        for (key, value) in object {
            guard let string = value as? String else {
                return .failure(.init("\(reference): key \"\(key)\" must be a string"))
            }
            values[key] = string
        }
        let usable = ["access_token", "refresh_token", "api_token"]
        guard usable.contains(where: { values[$0]?.isEmpty == false }) else {
            return .failure(.init("\(reference) has none of \(usable.joined(separator: ", "))"))
        }
        return .success(Credentials(values))
    }
}
