import DealSyncConnectors
import DealSyncCore
import DealSyncSandbox
import Testing

/// The owner map joins CRM users on email: every connector lists the account's users with the
/// emails the CRM holds, and an owner's ids in the three CRMs meet under one key.
@Suite(.serialized) struct UsersContractTests {
    @Test(arguments: CRMKind.allCases)
    func listsEverySalesRepWithTheirEmail(_ kind: CRMKind) async throws {
        let h = try await ConnectorContractTests.Harness.start(kind)
        defer { Task { await h.sandbox.shutdown() } }
        let users = try await h.connector.users()
        let emails = Set(users.map { $0.email.lowercased() })
        for owner in h.sandbox.world.owners {
            #expect(emails.contains(owner.email.lowercased()), "\(owner.email) is a user of \(kind)")
        }
        #expect(Set(users.map(\.id)).count == users.count, "one entry per user")
    }
}
