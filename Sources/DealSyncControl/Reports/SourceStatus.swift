import Foundation

/// One configured source as `status` and `sources` report it.
public struct SourceStatus: Codable, Sendable, Hashable {
    public var org: OrgID
    public var source: SourceID
    /// The connector kind: salesforce, hubspot, pipedrive, gmail or graph.
    public var kind: String
    public var objects: [RecordKind]
    /// Paused by an admin (`dealsyncctl pause`) or by the daemon after an auth failure.
    public var paused: Bool
    /// The end of the last pull that completed without error.
    public var lastSuccess: Date?
    /// The last failure, already free of secrets and PII.
    public var lastError: String?
    /// The change-feed cursor per object (`deal` → `2026-11-25T22:00:00Z`), as the connector keeps it.
    public var cursors: [String: String]
    /// How far behind the source we are: now minus the newest change ingested.
    public var lagSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case org, source, kind, objects, paused, cursors
        case lastSuccess = "last_success", lastError = "last_error", lagSeconds = "lag_seconds"
    }

    public init(
        org: OrgID, source: SourceID, kind: String, objects: [RecordKind], paused: Bool = false,
        lastSuccess: Date? = nil, lastError: String? = nil, cursors: [String: String] = [:], lagSeconds: Double? = nil
    ) {
        self.org = org
        self.source = source
        self.kind = kind
        self.objects = objects
        self.paused = paused
        self.lastSuccess = lastSuccess
        self.lastError = lastError
        self.cursors = cursors
        self.lagSeconds = lagSeconds
    }
}

/// The reply of `sources`.
public struct SourcesReport: Codable, Sendable, Hashable {
    public var sources: [SourceStatus]
    public init(sources: [SourceStatus]) { self.sources = sources }
}
