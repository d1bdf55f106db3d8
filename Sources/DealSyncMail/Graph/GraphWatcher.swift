import DealSyncCore
import Foundation

/// Where one Outlook folder's delta sync stands, persisted between rounds.
public struct GraphCursor: Sendable, Hashable, Codable {
    /// The `@odata.deltaLink` of the last complete round.
    public var deltaLink: String
    /// Ids delivered recently: a restarted round (410) re-reads the folder and skips them.
    public var recentIDs: [String]

    public init(deltaLink: String, recentIDs: [String] = []) {
        self.deltaLink = deltaLink
        self.recentIDs = recentIDs
    }
}

/// A new message from Graph, parsed.
public struct GraphDelivery: Sendable, Hashable {
    public var id: String
    public var message: ParsedMessage
}

/// Pulls new messages of one folder with Graph's message delta: follows `@odata.nextLink`
/// pages to the `@odata.deltaLink`, which the caller stores. A 410 or `syncStateNotFound`
/// restarts the round without a token and drops what `recentIDs` says was delivered, so the
/// restart neither loses nor duplicates a message. 429 becomes rate-limited until Retry-After.
public struct GraphWatcher: Sendable {
    public struct Configuration: Sendable {
        /// `{sandbox}/graph` or `https://graph.microsoft.com`.
        public var baseURL: String
        public var folder = "inbox"
        public var pageSize = 50
        public var rememberedIDs = 5000

        public init(baseURL: String) { self.baseURL = baseURL }
    }

    public var configuration: Configuration
    public var parser: MessageParser
    let perform: HTTPPerform
    let accessToken: @Sendable () async throws -> String

    public init(configuration: Configuration, parser: MessageParser = MessageParser(),
                accessToken: @escaping @Sendable () async throws -> String, perform: @escaping HTTPPerform) {
        self.configuration = configuration
        self.parser = parser
        self.accessToken = accessToken
        self.perform = perform
    }

    var initialURL: String { "\(configuration.baseURL)/v1.0/me/mailFolders/\(configuration.folder)/messages/delta" }

    public func sync(from cursor: GraphCursor?, now: Date) async throws -> (deliveries: [GraphDelivery], cursor: GraphCursor) {
        let recent = cursor?.recentIDs ?? []
        if let cursor, let result = try await round(from: cursor.deltaLink, skipping: Set(recent), now: now) {
            return finish(result, previous: recent)
        }
        // First round, or the token aged out: read the folder again from the start.
        guard let result = try await round(from: initialURL, skipping: Set(recent), now: now) else {
            throw SyncError(.retryable, code: "graph.delta_restart_failed", message: "a fresh delta round was refused as expired")
        }
        return finish(result, previous: recent)
    }

    private func finish(_ result: (deliveries: [GraphDelivery], deltaLink: String), previous: [String]) -> (deliveries: [GraphDelivery], cursor: GraphCursor) {
        let remembered = Array((previous + result.deliveries.map(\.id)).suffix(configuration.rememberedIDs))
        return (result.deliveries, GraphCursor(deltaLink: result.deltaLink, recentIDs: remembered))
    }

    /// One delta round from `url`; nil when the service says the sync state is gone.
    private func round(from url: String, skipping seen: Set<String>, now: Date) async throws -> (deliveries: [GraphDelivery], deltaLink: String)? {
        var next = url
        var deliveries: [GraphDelivery] = []
        var delivered = seen
        while true {
            let token = try await accessToken()
            let response = try await perform(HTTPExchangeRequest(url: next, headers: [
                "Authorization": "Bearer \(token)", "Prefer": "odata.maxpagesize=\(configuration.pageSize)",
            ]))
            let text = String(decoding: response.body, as: UTF8.self)
            if response.status == 410 || (response.status >= 400 && (text.contains("yncStateNotFound") || text.contains("esyncRequired"))) {
                return nil
            }
            try response.check(now: now, context: ["call": "message.delta"])
            let page = try JSONDecoder().decode(DeltaPage.self, from: response.body)
            for entry in page.value where entry.removed == nil && !delivered.contains(entry.message.id) {
                delivered.insert(entry.message.id)
                deliveries.append(GraphDelivery(id: entry.message.id, message: parser.parse(graph: entry.message)))
            }
            if let link = page.nextLink { next = link; continue }
            guard let deltaLink = page.deltaLink else {
                throw SyncError(.retryable, code: "graph.delta_no_link", message: "delta page had neither nextLink nor deltaLink")
            }
            return (deliveries, deltaLink)
        }
    }

    /// A delta item: a message, or a removal (`@removed`) carrying only its id.
    private struct Entry: Decodable {
        var message: GraphMessage
        var removed: Removed?
        struct Removed: Decodable { var reason: String? }
        enum CodingKeys: String, CodingKey { case removed = "@removed" }

        init(from decoder: any Decoder) throws {
            message = try GraphMessage(from: decoder)
            removed = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Removed.self, forKey: .removed)
        }
    }

    private struct DeltaPage: Decodable {
        var value: [Entry]
        var nextLink: String?
        var deltaLink: String?
        enum CodingKeys: String, CodingKey {
            case value
            case nextLink = "@odata.nextLink"
            case deltaLink = "@odata.deltaLink"
        }
    }
}
