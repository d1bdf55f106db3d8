import DealSyncCore
import Foundation

/// Activities go to `/api/v2/activities` (the v1 endpoint is out of support since 2026-08-01).
/// They have no custom fields, so the DealSync id lives in the one free-text field that stays
/// private to the team: the note ends with a line `DealSync ID: <uuid>`. (`public_description`
/// is copied to attendees' calendars; the subject is what users read and edit.) A create looks
/// for that line among the activities of its deal, else its person, else the last 30 days,
/// before it adds one; an update that rewrites the note keeps the line.
extension PipedriveConnector {
    static let activityMarker = "DealSync ID: "
    /// How far back a create without a deal or person looks for its own earlier attempt.
    static let unlinkedActivityWindow: TimeInterval = 30 * 86_400

    func writeActivities(_ operations: [WriteOperation]) async throws -> [WriteResult] {
        var results: [WriteResult] = []
        for op in operations {
            do {
                results.append(try await applyActivity(op))
            } catch let error as SyncError where error.kind == .validation {
                results.append(.failed(error))
            }
        }
        return results
    }

    private func applyActivity(_ op: WriteOperation) async throws -> WriteResult {
        switch op {
        case .create(let dealSyncID, let fields):
            var body = Self.activityBody(fields)
            body["note"] = .string(Self.marked(body["note"]?.stringValue, dealSyncID.description))
            if let existing = try await findActivity(dealSyncID: dealSyncID.description, body: body) {
                return try await written(APIRequest.json(.PATCH, "/api/v2/activities/\(existing)", RemoteValue.object(body)))
            }
            return try await written(APIRequest.json(.POST, "/api/v2/activities", RemoteValue.object(body)))
        case .update(let id, let fields, _):
            var body = Self.activityBody(fields)
            if body["note"] != nil {
                let current: [String: RemoteValue] = try await get("/api/v2/activities/\(id)")
                if let marker = current["note"]?.stringValue.flatMap(Self.dealSyncID(inNote:)) {
                    body["note"] = .string(Self.marked(body["note"]?.stringValue, marker))
                }
            }
            return try await written(APIRequest.json(.PATCH, "/api/v2/activities/\(id)", RemoteValue.object(body)))
        case .delete(let id):
            let response = try await client.send(APIRequest(.DELETE, "/api/v2/activities/\(id)"))
            await limits.record(Self.snapshot(response))
            if response.status == 404 || response.status == 410 || (200..<300).contains(response.status) {
                return .written(externalID: id, modifiedAt: nil)
            }
            throw Self.error(response, now: now())
        }
    }

    /// Mapped fields → a v2 body: `done` is a JSON boolean (mappings spell enum values as text).
    static func activityBody(_ fields: [String: RemoteValue]) -> [String: RemoteValue] {
        var body = fields
        if case .string(let done)? = body["done"] { body["done"] = .bool(done == "true") }
        return body
    }

    static func marked(_ note: String?, _ dealSyncID: String) -> String {
        let text = (note ?? "").components(separatedBy: "\n").filter { !$0.hasPrefix(activityMarker) }
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return (text.isEmpty ? "" : text + "\n\n") + activityMarker + dealSyncID
    }

    static func dealSyncID(inNote note: String) -> String? {
        guard let range = note.range(of: activityMarker, options: .backwards) else { return nil }
        let id = note[range.upperBound...].prefix { !$0.isWhitespace && $0 != "<" }
        return id.isEmpty ? nil : String(id)
    }

    /// The id of an activity whose note carries `dealSyncID`, looked for where the create would put it.
    private func findActivity(dealSyncID: String, body: [String: RemoteValue]) async throws -> String? {
        var query = "/api/v2/activities?limit=500"
        if let deal = body["deal_id"]?.stringValue {
            query += "&deal_id=\(deal)"
        } else if let person = body["person_id"]?.stringValue {
            query += "&person_id=\(person)"
        } else {
            let since = PipedriveWire.rfc3339(now().addingTimeInterval(-Self.unlinkedActivityWindow))
            query += "&updated_since=\(APIRequest.formEncode(since))"
        }
        var cursor: String?
        repeat {
            let page: PipedriveWire.Envelope<[[String: RemoteValue]]> =
                try await envelope(APIRequest(.GET, query + (cursor.map { "&cursor=\(APIRequest.formEncode($0))" } ?? "")))
            for activity in page.data ?? [] where activity["note"]?.stringValue.flatMap(Self.dealSyncID(inNote:)) == dealSyncID {
                if let id = activity["id"]?.stringValue { return id }
            }
            cursor = page.additional_data?.next_cursor
        } while cursor != nil
        return nil
    }
}
