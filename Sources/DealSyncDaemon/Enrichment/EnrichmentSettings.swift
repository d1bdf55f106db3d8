import DealSyncHooks
import Foundation

/// `orgs.ORG.enrichment`: the Clearbit-style company lookup. Without `lookup_url` there is no
/// lookup and companies are enriched from mail alone.
public struct EnrichmentSettings: Sendable, Hashable {
    /// `lookup_url`: the service root, e.g. `https://company.clearbit.com` (the sandbox: its `lookup` URL).
    public var lookupURL: String?
    /// `lookup_token_file`: a file holding the API key (first line; keep it mode 0600).
    public var lookupTokenFile: String?
    /// `cache_days`: how long an answer (a company, or "none at this domain") is reused. Default 7.
    public var cacheDays: Int = 7
    /// `free_mail_domains`: added to the built-in list; never looked up.
    public var extraFreeMailDomains: Set<String> = []
    /// `timeout`: one lookup's deadline. Default 2s (the enrichment hook waits at most 3s).
    public var timeout: Duration = .seconds(2)

    public init() {}

    public var freeMailDomains: Set<String> { EnrichmentConfig.defaultFreeMailDomains.union(extraFreeMailDomains) }
    public var cacheLifetime: TimeInterval { TimeInterval(cacheDays) * 86_400 }
}
