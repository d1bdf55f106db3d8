import DealSyncCore
import DealSyncQueue
import DealSyncSync
import Logging

/// The whole `dealsync.yaml`, validated. Built only by `ConfigLoader`, so holding one means
/// every key was checked and every credential was readable when it was loaded.
public struct DaemonConfig: Sendable, Hashable {
    /// The file this was loaded from, as given on the command line (reload reads it again).
    public var file: String
    /// `state_dir`: where the store and daemon secrets live. Default `/var/lib/dealsync`
    /// (systemd's `StateDirectory=dealsync`).
    public var stateDir: String = "/var/lib/dealsync"
    /// `control_socket`: the Unix socket `dealsyncctl` talks to. Default
    /// `/run/dealsync/control.sock` (systemd's `RuntimeDirectory=dealsync`).
    public var controlSocket: String = "/run/dealsync/control.sock"
    /// `http_listen`: address of `/healthz`, `/readyz`, `/metrics` and webhooks.
    /// Default `127.0.0.1:9464`.
    public var httpListen = ListenAddress(host: "127.0.0.1", port: 9464)
    /// `admin_group`: optional group whose members may run write commands on the control socket
    /// (root and the daemon's own user always may). Must exist.
    public var adminGroup: String?
    /// `mappings_dir`: optional directory of `mappings/*.yaml` field mappings.
    public var mappingsDir: String?
    /// The field mappings read from `mappings_dir`, validated with the rest of the file (and
    /// re-read on every reload); nil when no `mappings_dir` is configured.
    public var mappings: MappingSet?
    /// `connectors_dir`: optional directory of `connectors/*.yaml` rate budgets.
    public var connectorsDir: String?
    /// The rate budgets and batching read from `connectors_dir`, by CRM; a kind without a file
    /// (or no `connectors_dir`) uses `ConnectorLimits.published`.
    public var connectors: [CRMKind: ConnectorLimits] = [:]
    /// `public_url`: optional; the address CRMs call webhooks on when a TLS proxy sits in front of
    /// `http_listen` (e.g. `https://sync.acme.example`). HubSpot signs the URL it called, so the
    /// signature is checked against this instead of the address the request arrived on.
    public var publicURL: String?
    /// `secrets_key`: optional `{file: PATH}` or `{systemd: NAME}` holding a 256-bit key (32 raw
    /// bytes, 64 hex or 44 base64 characters). Refresh tokens an OAuth provider rotates are sealed
    /// under it in `state_dir/secrets/` (AES-GCM) and survive a restart; without it they live in
    /// memory only. The path of the key, checked at load.
    public var secretsKeyFile: String?
    /// `log_level`: trace, debug, info (default), notice, warning, error or critical.
    public var logLevel: Logger.Level = .info
    /// `orgs`: tenants by id, each with its `sources`; sorted by id. May be empty.
    public var orgs: [OrgConfig] = []

    public init(file: String) {
        self.file = file
    }

    /// Every source of every org, in org then source order.
    public var sources: [SourceConfig] { orgs.flatMap(\.sources) }

    public func source(org: OrgID, id: SourceID) -> SourceConfig? {
        orgs.first { $0.id == org }?.sources.first { $0.id == id }
    }
}

/// Command-line flags that override the file (`--state-dir`, `--control-socket`,
/// `--http-listen`). Kept apart from the file's values so a reload re-applies them.
public struct ConfigOverrides: Sendable, Hashable {
    public var stateDir: String?
    public var controlSocket: String?
    public var httpListen: ListenAddress?

    public init(stateDir: String? = nil, controlSocket: String? = nil, httpListen: ListenAddress? = nil) {
        self.stateDir = stateDir
        self.controlSocket = controlSocket
        self.httpListen = httpListen
    }

    public func applied(to config: DaemonConfig) -> DaemonConfig {
        var c = config
        if let stateDir { c.stateDir = stateDir }
        if let controlSocket { c.controlSocket = controlSocket }
        if let httpListen { c.httpListen = httpListen }
        return c
    }
}
