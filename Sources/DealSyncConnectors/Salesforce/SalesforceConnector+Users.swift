import DealSyncCore
import Foundation

extension SalesforceConnector {
    /// Active standard users (not the integration's API-only or portal users), followed through
    /// `nextRecordsUrl`.
    public func users() async throws -> [CRMUser] {
        var users: [CRMUser] = []
        var result = try await call(query("SELECT Id, Email FROM User WHERE IsActive = true")).decode(SalesforceWire.QueryResult.self)
        while true {
            for row in result.records {
                if let id = row["Id"]?.stringValue, let email = row["Email"]?.stringValue, !email.isEmpty {
                    users.append(CRMUser(id: id, email: email))
                }
            }
            guard !result.done, let next = result.nextRecordsUrl else { return users }
            result = try await call(APIRequest(.GET, next, headers: queryHeaders)).decode(SalesforceWire.QueryResult.self)
        }
    }
}
