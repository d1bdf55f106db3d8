import DealSyncCore
import Foundation
import Logging
import Yams

/// One pass over a composed YAML tree, building a `DaemonConfig` and recording every issue.
struct ConfigParse {
    var reader: YAMLFieldReader
    let environment: CredentialEnvironment
    /// Directory relative paths are resolved against: the config file's own.
    let baseDirectory: String

    init(file: String, environment: CredentialEnvironment) {
        reader = YAMLFieldReader(file: file)
        self.environment = environment
        let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        baseDirectory = (absolute as NSString).deletingLastPathComponent
    }

    mutating func config(_ root: Node) -> DaemonConfig? {
        let top = YAMLField(node: root, path: "", keyLine: 1)
        guard let fields = reader.mapping(top, allowed: ConfigLoader.topLevelKeys) else { return nil }
        var config = DaemonConfig(file: reader.file)
        if let f = fields["state_dir"], let v = path(f) { config.stateDir = v }
        if let f = fields["control_socket"], let v = path(f) { config.controlSocket = v }
        if let f = fields["http_listen"], let v = reader.parsed(f, ListenAddress.parse) { config.httpListen = v }
        if let f = fields["admin_group"], let v = reader.string(f) {
            if getgrnam(v) == nil {
                reader.fail(f, "no such group \"\(v)\"")
            }
            config.adminGroup = v
        }
        if let f = fields["mappings_dir"], let v = directory(f) { config.mappingsDir = v }
        if let f = fields["public_url"], let v = url(f) { config.publicURL = v }
        if let f = fields["connectors_dir"], let v = directory(f) {
            config.connectorsDir = v
            config.connectors = connectors(v)
        }
        if let f = fields["secrets_key"] { config.secretsKeyFile = secretsKey(f) }
        if let f = fields["log_level"], let v = reader.string(f) {
            if let level = Logger.Level(rawValue: v) {
                config.logLevel = level
            } else {
                reader.fail(f, "unknown log level \"\(v)\" (expected \(Logger.Level.configNames.joined(separator: ", ")))")
            }
        }
        if let f = fields["orgs"], let orgFields = reader.mapping(f) {
            config.orgs = orgFields.sorted { $0.key < $1.key }.compactMap { org($0.key, $0.value) }
        }
        return config
    }

    private mutating func org(_ id: String, _ field: YAMLField) -> OrgConfig? {
        guard Self.isSlug(id) else {
            reader.fail(field.keyLine, field.path, "org id must be lowercase letters, digits, - or _")
            return nil
        }
        guard let fields = reader.mapping(field, allowed: ConfigLoader.orgKeys) else { return nil }
        let orgID = OrgID(id)
        var org = OrgConfig(id: orgID)
        if let f = fields["sources"], let sourceFields = reader.mapping(f) {
            org.sources = sourceFields.sorted { $0.key < $1.key }.compactMap { source($0.key, $0.value, org: orgID) }
        }
        if let f = fields["hooks"] { org.hooks = hooks(f) }
        if let f = fields["enrichment"] { org.enrichment = enrichment(f) }
        return org
    }

    private mutating func source(_ id: String, _ field: YAMLField, org: OrgID) -> SourceConfig? {
        guard Self.isSlug(id), id != SourceID.local.rawValue else {
            reader.fail(field.keyLine, field.path, "source id must be lowercase letters, digits, - or _ (and not \"local\")")
            return nil
        }
        guard let fields = reader.mapping(field, allowed: ConfigLoader.sourceKeys + ["mailbox"]) else { return nil }
        var kind: SourceKind?
        if let f = reader.require(fields, "kind", in: field), let text = reader.string(f) {
            kind = SourceKind(rawValue: text)
            if kind == nil {
                let expected = SourceKind.allCases.map(\.rawValue).joined(separator: ", ")
                reader.fail(f, "unknown source kind \"\(text)\" (expected \(expected))")
            }
        }
        var baseURL = kind?.defaultBaseURL
        if let f = fields["base_url"] {
            baseURL = url(f)
        } else if kind == .salesforce {
            _ = reader.require(fields, "base_url", in: field)
        }
        var objects = kind?.defaultObjects ?? []
        if let f = fields["objects"], let names = reader.stringList(f) {
            objects = self.objects(names, field: f, kind: kind)
        }
        var poll = SourceConfig.defaultPollInterval
        if let f = fields["poll_interval"], let v = reader.parsed(f, ConfigDuration.parse) { poll = v }
        var credentials: CredentialReference?
        var resolved: Credentials?
        if let f = reader.require(fields, "credentials", in: field) {
            credentials = credentialReference(f)
            resolved = credentials.flatMap { resolve($0, field: f) }
        }
        var reconcile = SourceConfig.defaultReconcileInterval
        if let f = fields["reconcile_interval"], let v = reader.parsed(f, ConfigDuration.parse) { reconcile = v }
        var timeout = SourceConfig.defaultRequestTimeout
        if let f = fields["request_timeout"], let v = reader.parsed(f, ConfigDuration.parse) { timeout = v }
        guard let kind, let baseURL, let credentials, let resolved else { return nil }
        var source = SourceConfig(
            org: org, id: SourceID(id), kind: kind, baseURL: baseURL, objects: objects, pollInterval: poll,
            credentialReference: credentials, credentials: resolved)
        source.reconcileInterval = reconcile
        source.requestTimeout = timeout
        source.mailbox = mailbox(fields["mailbox"], kind: kind)
        return source
    }

    private mutating func objects(_ names: [String], field: YAMLField, kind: SourceKind?) -> [RecordKind] {
        var result: [RecordKind] = []
        for name in names {
            guard let object = RecordKind(rawValue: name), kind.map({ $0.allowedObjects.contains(object) }) ?? true
            else {
                let allowed = (kind?.allowedObjects ?? Set(RecordKind.allCases)).map(\.rawValue).sorted()
                reader.fail(field, "unknown object \"\(name)\" (expected \(allowed.joined(separator: ", ")))")
                continue
            }
            if !result.contains(object) { result.append(object) }
        }
        return result
    }

    mutating func credentialReference(_ field: YAMLField) -> CredentialReference? {
        guard let fields = reader.mapping(field, allowed: ConfigLoader.credentialKeys) else { return nil }
        guard fields.count == 1, let (key, value) = fields.first else {
            reader.fail(field, "exactly one of file, env or systemd is required")
            return nil
        }
        guard let text = reader.string(value) else { return nil }
        switch key {
        case "file": return .file(absolute(text))
        case "env": return .env(text)
        default:
            guard !text.contains("/") else {
                reader.fail(value, "a systemd credential name cannot contain /")
                return nil
            }
            return .systemd(text)
        }
    }

    private mutating func resolve(_ reference: CredentialReference, field: YAMLField) -> Credentials? {
        switch environment.resolve(reference) {
        case .success(let credentials): return credentials
        case .failure(let error):
            reader.fail(field, error.message)
            return nil
        }
    }

    mutating func url(_ field: YAMLField) -> String? {
        guard let text = reader.string(field) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
        else {
            reader.fail(field, "bad URL \"\(text)\" (expected http:// or https:// with a host)")
            return nil
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    private mutating func path(_ field: YAMLField) -> String? {
        reader.string(field).map(absolute)
    }

    private mutating func directory(_ field: YAMLField) -> String? {
        guard let dir = path(field) else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
            reader.fail(field, "directory \(dir) does not exist")
            return nil
        }
        return dir
    }

    func absolute(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : baseDirectory + "/" + path
        return (joined as NSString).standardizingPath
    }

    static func isSlug(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.properties.isLowercase || ("0"..."9").contains(first) else {
            return false
        }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }
}
