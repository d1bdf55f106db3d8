import DealSyncCore
import Foundation

/// Where a Gmail mailbox's sync stands, persisted between rounds by the daemon.
public struct GmailCursor: Sendable, Hashable, Codable {
    /// The mailbox historyId the next `history.list` starts from.
    public var historyId: String
    /// When the last round completed: a 404 (history expired) re-lists from just before it.
    public var lastSyncedAt: Date
    /// Ids delivered recently, so a re-list after expiry skips what was already delivered.
    public var recentIDs: [String]

    public init(historyId: String, lastSyncedAt: Date, recentIDs: [String] = []) {
        self.historyId = historyId
        self.lastSyncedAt = lastSyncedAt
        self.recentIDs = recentIDs
    }
}

/// A new message, parsed, with Gmail's ids.
public struct GmailDelivery: Sendable, Hashable {
    public var id: String
    public var threadId: String
    public var labelIds: [String]
    public var message: ParsedMessage
}

/// Pulls new messages from one Gmail mailbox: a bounded first window with `messages.list`,
/// then `history.list` from the stored historyId. An expired historyId (404) re-lists from the
/// last good time, minus a margin, and drops what `recentIDs` says was delivered: no gap, no
/// duplicate, no start-over.
public struct GmailWatcher: Sendable {
    public struct Configuration: Sendable {
        /// `{sandbox}/gmail` or `https://gmail.googleapis.com`.
        public var baseURL: String
        public var labelIDs: [String] = ["INBOX"]
        /// Days listed on the first round.
        public var initialWindowDays = 30
        /// Overlap when re-listing after expiry, against clock skew and in-flight mail.
        public var recoveryMargin: TimeInterval = 3600
        /// Delivered ids remembered for dedup.
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

    /// One round: returns the new messages, oldest first, and the cursor to store with them.
    public func sync(from cursor: GmailCursor?, now: Date) async throws -> (deliveries: [GmailDelivery], cursor: GmailCursor) {
        // The profile's historyId is read before listing, so whatever arrives during the
        // listing is picked up by the next history.list (and deduplicated if seen twice).
        guard let cursor else {
            let baseline = try await profileHistoryID(now: now)
            let ids = try await list(query: "newer_than:\(configuration.initialWindowDays)d", now: now)
            return try await deliver(ids, skipping: [], historyId: baseline, now: now)
        }
        var ids: [String] = []
        var pageToken: String?
        var latest = cursor.historyId
        repeat {
            var query = "startHistoryId=\(cursor.historyId)&historyTypes=messageAdded&maxResults=500"
            if let label = configuration.labelIDs.first { query += "&labelId=\(label)" }
            if let pageToken { query += "&pageToken=\(pageToken)" }
            let response = try await get("history?\(query)")
            if response.status == 404 { return try await recover(from: cursor, now: now) }
            try response.check(now: now, context: ["call": "history.list"])
            let page = try JSONDecoder().decode(HistoryPage.self, from: response.body)
            for record in page.history ?? [] {
                ids += (record.messagesAdded ?? []).map(\.message.id)
            }
            latest = page.historyId ?? latest
            pageToken = page.nextPageToken
        } while pageToken != nil
        return try await deliver(ids, skipping: Set(cursor.recentIDs), historyId: latest, now: now, previous: cursor.recentIDs)
    }

    private func recover(from cursor: GmailCursor, now: Date) async throws -> (deliveries: [GmailDelivery], cursor: GmailCursor) {
        let baseline = try await profileHistoryID(now: now)
        let since = Int(cursor.lastSyncedAt.addingTimeInterval(-configuration.recoveryMargin).timeIntervalSince1970)
        let ids = try await list(query: "after:\(since)", now: now)
        return try await deliver(ids, skipping: Set(cursor.recentIDs), historyId: baseline, now: now, previous: cursor.recentIDs)
    }

    private func deliver(_ ids: [String], skipping seen: Set<String>, historyId: String, now: Date, previous: [String] = [])
        async throws -> (deliveries: [GmailDelivery], cursor: GmailCursor) {
        var deliveries: [GmailDelivery] = []
        var delivered = seen
        for id in ids where !delivered.contains(id) {
            let response = try await get("messages/\(id)?format=raw")
            if response.status == 404 { continue }  // deleted between listing and fetching
            try response.check(now: now, context: ["call": "messages.get"])
            let resource = try JSONDecoder().decode(GmailMessage.self, from: response.body)
            delivered.insert(id)
            deliveries.append(GmailDelivery(id: resource.id, threadId: resource.threadId ?? resource.id,
                                            labelIds: resource.labelIds ?? [], message: parser.parse(gmail: resource)))
        }
        let remembered = Array((previous + deliveries.map(\.id)).suffix(configuration.rememberedIDs))
        return (deliveries, GmailCursor(historyId: historyId, lastSyncedAt: now, recentIDs: remembered))
    }

    /// Message ids matching `query` in the watched labels, oldest first.
    private func list(query: String, now: Date) async throws -> [String] {
        var ids: [String] = []
        var pageToken: String?
        repeat {
            var parameters = configuration.labelIDs.map { "labelIds=\($0)" } + ["maxResults=500"]
            parameters.append("q=" + (query.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: ":&=+"))) ?? query))
            if let pageToken { parameters.append("pageToken=\(pageToken)") }
            let response = try await get("messages?" + parameters.joined(separator: "&"))
            try response.check(now: now, context: ["call": "messages.list"])
            let page = try JSONDecoder().decode(ListPage.self, from: response.body)
            ids += (page.messages ?? []).map(\.id)
            pageToken = page.nextPageToken
        } while pageToken != nil
        return ids.reversed()
    }

    private func profileHistoryID(now: Date) async throws -> String {
        let response = try await get("profile")
        try response.check(now: now, context: ["call": "users.getProfile"])
        return try JSONDecoder().decode(Profile.self, from: response.body).historyId
    }

    private func get(_ pathAndQuery: String) async throws -> HTTPExchangeResponse {
        let token = try await accessToken()
        return try await perform(HTTPExchangeRequest(
            url: "\(configuration.baseURL)/gmail/v1/users/me/\(pathAndQuery)", headers: ["Authorization": "Bearer \(token)"]))
    }

    private struct Profile: Decodable { var historyId: String }
    private struct Ref: Decodable { var id: String }
    private struct ListPage: Decodable { var messages: [Ref]?; var nextPageToken: String? }
    private struct Added: Decodable { var message: Ref }
    private struct Record: Decodable { var messagesAdded: [Added]? }
    private struct HistoryPage: Decodable { var history: [Record]?; var nextPageToken: String?; var historyId: String? }
}
