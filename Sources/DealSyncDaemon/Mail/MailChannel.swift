import DealSyncMail
import DealSyncSync
import Foundation

/// One watched Gmail label or Outlook folder of a mailbox: its own watcher and its own cursor
/// (`activity/{name}` in the store), so a label added later starts with a bounded backfill.
struct MailChannel: Sendable {
    let name: String
    /// One round from the stored cursor: the new messages, oldest first, and the cursor to store.
    let round: @Sendable (_ cursor: String?, _ now: Date) async throws -> (messages: [MailActivity], cursor: String)

    var cursorObject: String { "activity/\(name)" }

    static func gmail(label: String, baseURL: String, windowDays: Int, client: MailClient) -> MailChannel {
        var configuration = GmailWatcher.Configuration(baseURL: baseURL)
        configuration.labelIDs = [label]
        configuration.initialWindowDays = windowDays
        let watcher = GmailWatcher(configuration: configuration, accessToken: client.accessToken, perform: client.perform)
        return MailChannel(name: label) { stored, now in
            let cursor = try stored.map { try JSONDecoder().decode(GmailCursor.self, from: Data($0.utf8)) }
            let (deliveries, next) = try await watcher.sync(from: cursor, now: now)
            let messages = deliveries.map { MailActivity(id: $0.id, parsed: $0.message, receivedAt: now) }
            return (messages, String(decoding: try JSONEncoder().encode(next), as: UTF8.self))
        }
    }

    /// Graph's delta has no time bound, so the first round drops what is older than the window
    /// (the delta link it ends with still covers the whole folder from then on).
    static func graph(folder: String, baseURL: String, windowDays: Int, client: MailClient) -> MailChannel {
        var configuration = GraphWatcher.Configuration(baseURL: baseURL)
        configuration.folder = folder
        let watcher = GraphWatcher(configuration: configuration, accessToken: client.accessToken, perform: client.perform)
        return MailChannel(name: folder) { stored, now in
            let cursor = try stored.map { try JSONDecoder().decode(GraphCursor.self, from: Data($0.utf8)) }
            let (deliveries, next) = try await watcher.sync(from: cursor, now: now)
            var messages = deliveries.map { MailActivity(id: $0.id, parsed: $0.message, receivedAt: now) }
            if cursor == nil {
                let since = now.addingTimeInterval(-Double(windowDays) * 86_400)
                messages = messages.filter { $0.sentAt >= since }
            }
            return (messages, String(decoding: try JSONEncoder().encode(next), as: UTF8.self))
        }
    }
}
