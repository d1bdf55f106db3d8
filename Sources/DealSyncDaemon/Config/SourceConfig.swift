import DealSyncCore

/// The kinds of external account DealSync can sync with.
public enum SourceKind: String, Sendable, Hashable, CaseIterable {
    case salesforce, hubspot, pipedrive, gmail, graph

    /// CRMs hold deals, contacts and companies; mailboxes produce activities.
    public var isCRM: Bool {
        switch self {
        case .salesforce, .hubspot, .pipedrive: true
        case .gmail, .graph: false
        }
    }

    /// The public API root used when `base_url` is omitted. Salesforce has none: every
    /// org has its own instance URL, so it must be configured.
    public var defaultBaseURL: String? {
        switch self {
        case .salesforce: nil
        case .hubspot: "https://api.hubapi.com"
        case .pipedrive: "https://api.pipedrive.com"
        case .gmail: "https://gmail.googleapis.com"
        case .graph: "https://graph.microsoft.com"
        }
    }

    /// Objects synced when `objects` is omitted.
    public var defaultObjects: [RecordKind] {
        isCRM ? [.deal, .contact, .company] : [.activity]
    }

    /// Objects a source of this kind can hold.
    public var allowedObjects: Set<RecordKind> {
        isCRM ? [.deal, .contact, .company, .activity] : [.activity]
    }
}

/// One tenant: its id and the accounts it syncs.
public struct OrgConfig: Sendable, Hashable {
    /// The org id, the key under `orgs:` (a lowercase slug, e.g. `acme`).
    public var id: OrgID
    /// The org's sources, sorted by id.
    public var sources: [SourceConfig]
    /// `hooks`: the org's hook pipeline (`HooksConfig`); nil, the default, runs no hooks.
    public var hooks: HooksConfig?
    /// `enrichment`: the company lookup (`EnrichmentSettings`); nil, the default, looks nothing up.
    public var enrichment: EnrichmentSettings?

    public init(id: OrgID, sources: [SourceConfig] = []) {
        self.id = id
        self.sources = sources
    }
}

/// One configured external account (`orgs.ORG.sources.ID`).
public struct SourceConfig: Sendable, Hashable {
    /// The org this source belongs to.
    public var org: OrgID
    /// The source id, the key under `sources:` (a lowercase slug, e.g. `salesforce-prod`).
    public var id: SourceID
    /// `kind`: required; salesforce, hubspot, pipedrive, gmail or graph.
    public var kind: SourceKind
    /// `base_url`: the API root; required for salesforce, defaults to the public API otherwise.
    /// Tests and the sandbox point it at loopback emulators.
    public var baseURL: String
    /// `objects`: canonical objects to sync; defaults to deal, contact, company for CRMs and
    /// activity for mailboxes.
    public var objects: [RecordKind]
    /// `poll_interval`: how often to pull changes (`30s`, `5m`, `1h`); default 60s.
    public var pollInterval: Duration
    /// `reconcile_interval` (CRMs): how often to list every record of each object and compare it
    /// with the store (`dealsync_drift_records`); default 6h. Each pass costs
    /// one read per page of records, so keep it well above the poll interval.
    public var reconcileInterval: Duration = SourceConfig.defaultReconcileInterval
    /// `request_timeout` (CRMs): how long one API call may take before it is abandoned and
    /// retried with backoff (`10s`, `1m`); default 30s.
    public var requestTimeout: Duration = SourceConfig.defaultRequestTimeout
    /// `mailbox` (gmail, graph): what to watch and how; nil for CRM sources.
    public var mailbox: MailboxConfig?
    /// `credentials`: where the secret JSON document comes from (exactly one of file, env, systemd).
    public var credentialReference: CredentialReference
    /// The credential document, read at validation time. Its description is redacted.
    public var credentials: Credentials

    public init(
        org: OrgID, id: SourceID, kind: SourceKind, baseURL: String, objects: [RecordKind],
        pollInterval: Duration, credentialReference: CredentialReference, credentials: Credentials
    ) {
        self.org = org
        self.id = id
        self.kind = kind
        self.baseURL = baseURL
        self.objects = objects
        self.pollInterval = pollInterval
        self.credentialReference = credentialReference
        self.credentials = credentials
    }

    public static let defaultPollInterval: Duration = .seconds(60)
    public static let defaultReconcileInterval: Duration = .seconds(6 * 3600)
    public static let defaultRequestTimeout: Duration = .seconds(30)
}
