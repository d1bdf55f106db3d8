import DealSyncConnectors
import DealSyncCore
import DealSyncHooks
import DealSyncStore
import Foundation
import Logging
import ServiceLifecycle

/// Runs the lookups deferred by a 429, an outage or Clearbit's "still researching" once their
/// retry time has come, so the cache fills in without a new message having to ask again.
struct CompanyLookupService: Service {
    let directory: CompanyDirectory
    let interval: Duration
    let logger: Logger

    init(directory: CompanyDirectory, interval: Duration = .seconds(60), logger: Logger) {
        self.directory = directory
        self.interval = interval
        self.logger = logger
    }

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let answered = await directory.runDueLookups()
                if answered > 0 { logger.info("deferred company lookups answered", metadata: ["lookup.count": "\(answered)"]) }
                try await Task.sleep(for: interval)
            }
        }
    }
}

extension CompanyDirectory {
    /// The org's directory when `enrichment.lookup_url` is set; nil otherwise. The key is read
    /// from `lookup_token_file` once, here.
    static func make(_ settings: EnrichmentSettings?, store: OrgStore, clock: any WallClock = SystemWallClock()) throws -> CompanyDirectory? {
        guard let settings, let url = settings.lookupURL else { return nil }
        let key = try settings.lookupTokenFile.map { path in
            try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        } ?? ""
        let client = APIClient(baseURL: "", auth: .none, timeout: settings.timeout)
        let lookup = CompanyLookup(baseURL: url, apiKey: key, perform: { try await client.exchange($0) }, now: { clock.now() })
        return CompanyDirectory(store: store, lookup: lookup, settings: settings, clock: clock)
    }
}
