import DealSyncCore
import Foundation

extension HubSpotConnector {
    struct OwnersPage: Decodable {
        struct Owner: Decodable { var id: String; var email: String?; var archived: Bool? }
        struct Paging: Decodable { struct Next: Decodable { var after: String }; var next: Next? }
        var results: [Owner]
        var paging: Paging?
    }

    /// `GET /crm/v3/owners`, paged with `after`; archived owners cannot own new records.
    public func users() async throws -> [CRMUser] {
        var users: [CRMUser] = []
        var after: String?
        repeat {
            let query = "limit=100&archived=false" + (after.map { "&after=\(APIRequest.formEncode($0))" } ?? "")
            let page = try await call(APIRequest(.GET, "/crm/v3/owners?\(query)")).decode(OwnersPage.self)
            for owner in page.results where owner.archived != true {
                if let email = owner.email, !email.isEmpty { users.append(CRMUser(id: owner.id, email: email)) }
            }
            after = page.paging?.next?.after
        } while after != nil
        return users
    }
}
