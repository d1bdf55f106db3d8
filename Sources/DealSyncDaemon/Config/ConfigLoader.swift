import DealSyncCore
import Foundation
import DealSyncSync
import Logging
import Yams

/// Reads and validates `dealsync.yaml`: the one way to get a `DaemonConfig`.
///
/// Validation is complete, not lazy: paths are resolved, listen addresses parsed, the admin
/// group looked up and every credential document read, so `dealsyncd check-config` and a
/// start-up or reload either succeed outright or list every problem at once.
public struct ConfigLoader: Sendable {
    public var environment: CredentialEnvironment
    public var logger: Logger

    public init(environment: CredentialEnvironment = .process, logger: Logger = Logger(label: "dealsync.config")) {
        self.environment = environment
        self.logger = logger
    }

    static let topLevelKeys = [
        "state_dir", "control_socket", "http_listen", "admin_group", "mappings_dir", "connectors_dir",
        "log_level", "public_url", "secrets_key", "orgs",
    ]
    static let orgKeys = ["sources", "hooks", "enrichment"]
    static let sourceKeys = ["kind", "base_url", "objects", "poll_interval", "reconcile_interval", "request_timeout",
                             "credentials"]
    static let credentialKeys = ["file", "env", "systemd"]

    /// Loads the file at `path`; relative paths inside it are relative to its directory.
    public func load(path: String) throws(ConfigError) -> DaemonConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(issues: [ConfigIssue(file: path, line: nil, keyPath: "", message: "cannot read file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(issues: [ConfigIssue(file: path, line: nil, keyPath: "", message: "not UTF-8 text")])
        }
        return try load(yaml: text, path: path)
    }

    /// Validates YAML text as if it had been read from `path`.
    public func load(yaml: String, path: String) throws(ConfigError) -> DaemonConfig {
        let root: Node
        do {
            root = try Yams.compose(yaml: yaml) ?? Node.mapping(.init([]))
        } catch {
            throw ConfigError(issues: [Self.syntaxIssue(error, file: path)])
        }
        var parse = ConfigParse(file: path, environment: environment)
        let parsed = parse.config(root)
        guard var config = parsed, parse.reader.issues.isEmpty else {
            throw ConfigError(issues: parse.reader.issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        if let directory = config.mappingsDir {
            config.mappings = try Self.loadMappings(directory)
        }
        logger.debug(
            "configuration loaded",
            metadata: [
                LogKeys.configFile: "\(path)", "config.orgs": "\(config.orgs.count)",
                "config.sources": "\(config.sources.count)",
            ])
        for source in config.sources {
            // The reference names where the secret came from; the document itself is never logged.
            logger.debug(
                "credentials resolved",
                metadata: [
                    LogKeys.orgID: "\(source.org)", LogKeys.sourceID: "\(source.id)",
                    "credentials.from": "\(source.credentialReference)",
                    "credentials.keys": "\(source.credentials.keys.joined(separator: ","))",
                ])
        }
        return config
    }

    /// The mappings directory's files, their errors reported in the same `file:line: key:` form.
    static func loadMappings(_ directory: String) throws(ConfigError) -> MappingSet {
        do {
            return try MappingSet.load(directory: directory)
        } catch let error as MappingError {
            throw ConfigError(issues: [
                ConfigIssue(file: error.file, line: error.line, keyPath: error.path, message: error.message)
            ])
        } catch {
            throw ConfigError(issues: [ConfigIssue(file: directory, line: nil, keyPath: "", message: "\(error)")])
        }
    }

    static func syntaxIssue(_ error: any Error, file: String) -> ConfigIssue {
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let what = [context.map { $0.text }, problem].compactMap { $0 }.joined(separator: " ")
            return ConfigIssue(file: file, line: mark.line, keyPath: "", message: "YAML syntax error: \(what)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigIssue(
                file: file, line: context.mark.line, keyPath: "",
                message: "duplicate keys \(duplicates.joined(separator: ", "))")
        default:
            return ConfigIssue(file: file, line: nil, keyPath: "", message: "YAML error: \(error)")
        }
    }
}
