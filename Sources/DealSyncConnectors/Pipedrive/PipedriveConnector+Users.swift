import DealSyncCore
import Foundation

extension PipedriveConnector {
    struct User: Decodable {
        var id: Int
        var email: String?
        var active: Bool?
        enum CodingKeys: String, CodingKey { case id, email, active = "active_flag" }
    }

    /// `GET /api/v1/users` (v2 has no users endpoint); deactivated users keep their deals but
    /// cannot be given new ones.
    public func users() async throws -> [CRMUser] {
        let all: [User] = try await get("/api/v1/users")
        return all.compactMap { user in
            guard user.active != false, let email = user.email, !email.isEmpty else { return nil }
            return CRMUser(id: String(user.id), email: email)
        }
    }
}
