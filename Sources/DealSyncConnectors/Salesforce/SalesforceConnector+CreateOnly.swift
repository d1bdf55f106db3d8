import DealSyncCore
import Foundation

extension SalesforceConnector {
    /// Fields Salesforce accepts on insert only. An upsert that matches an existing record is an
    /// update, so a retried create of a Task carrying `TaskSubtype` is refused with
    /// INVALID_FIELD_FOR_INSERT_UPDATE; it is sent again without them (the first attempt set them).
    static let createOnlyFields: [String: Set<String>] = ["Task": ["TaskSubtype"]]

    /// The fields to upsert again after `error`, or nil when the error is not about create-only fields.
    static func withoutCreateOnly(_ type: String, _ fields: [String: RemoteValue], after error: SyncError) -> [String: RemoteValue]? {
        guard error.code == "salesforce.INVALID_FIELD_FOR_INSERT_UPDATE", let createOnly = createOnlyFields[type],
              fields.keys.contains(where: createOnly.contains) else { return nil }
        return fields.filter { !createOnly.contains($0.key) }
    }
}
