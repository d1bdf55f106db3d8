import DealSyncControl
@testable import DealSyncDaemon
import Foundation
import Glibc
import Testing

/// Who may run write commands, and the audit trail they leave.
@Suite("Control server access and audit")
struct ControlServerAccessTests {
    let policy = ControlAccessPolicy(daemonUID: 4242, adminGroup: .init(name: "dealsync", gid: 900))
    let stranger = ControlCaller(uid: 1000, gid: 1000, pid: 77)

    @Test("reads are open; writes need root, the daemon's user or the admin group")
    func decisionMatrix() {
        #expect(policy.decide(access: .read, caller: stranger, callerGroups: []) == .allowed(.readCommand))
        #expect(policy.decide(access: .write, caller: .init(uid: 0, gid: 0, pid: 1), callerGroups: []) == .allowed(.root))
        #expect(policy.decide(access: .write, caller: .init(uid: 4242, gid: 4242, pid: 1), callerGroups: []) == .allowed(.daemonUser))
        #expect(policy.decide(access: .write, caller: .init(uid: 1000, gid: 900, pid: 1), callerGroups: []) == .allowed(.adminGroup))
        #expect(policy.decide(access: .write, caller: stranger, callerGroups: [1000, 900]) == .allowed(.adminGroup))
        let denied = policy.decide(access: .write, caller: stranger, callerGroups: [1000, 27])
        #expect(!denied.isAllowed)
        if case .denied(let message) = denied { #expect(message.contains("dealsync") && message.contains("1000")) }
    }

    @Test("without an admin group only root and the daemon's user may write")
    func noAdminGroup() {
        let open = ControlAccessPolicy(daemonUID: 4242, adminGroup: nil)
        #expect(!open.decide(access: .write, caller: stranger, callerGroups: [900]).isAllowed)
        #expect(!open.needsGroups(for: .write, caller: stranger))
    }

    @Test("the group database is consulted only when the answer depends on it")
    func groupLookupOnlyWhenNeeded() {
        #expect(!policy.needsGroups(for: .read, caller: stranger))
        #expect(!policy.needsGroups(for: .write, caller: .init(uid: 0, gid: 0, pid: 1)))
        #expect(!policy.needsGroups(for: .write, caller: .init(uid: 1000, gid: 900, pid: 1)))
        #expect(policy.needsGroups(for: .write, caller: stranger))
    }

    @Test("a denied write is forbidden and audited as denied; a read from the same caller works and is not audited")
    func deniedWrite() async throws {
        let audit = AuditRecorder()
        let dispatcher = makeDispatcher(audit: audit, groups: [1000])
        let write = await dispatcher.reply(to: line(#"{"id":1,"cmd":"pause","org":"acme","source":"sf"}"#), from: stranger)
        #expect(write.errorCode == .forbidden)
        let read = await dispatcher.reply(to: line(#"{"id":2,"cmd":"version"}"#), from: stranger)
        #expect(read.isOK)
        let entries = await audit.entries
        #expect(entries.count == 1)
        #expect(entries.first?.outcome == .denied)
        #expect(entries.first?.caller == stranger)
    }

    @Test("an admin-group member's write runs and is audited with its arguments")
    func adminGroupWrite() async throws {
        let audit = AuditRecorder()
        let dispatcher = makeDispatcher(audit: audit, groups: [1000, 900])
        let reply = await dispatcher.reply(to: line(#"{"id":1,"cmd":"pause","org":"acme","source":"sf"}"#), from: stranger)
        #expect(try reply.result(as: ControlAck.self).message == "paused acme/sf")
        let entry = try #require(await audit.entries.first)
        #expect(entry.command == "pause")
        #expect(entry.arguments == ["org": "acme", "source": "sf"])
        #expect(entry.outcome == .succeeded)
    }

    @Test("over the real socket, the audit hook sees write commands only, with the kernel's caller")
    func auditOverSocket() async throws {
        let audit = AuditRecorder()
        try await withControlServer(audit: { await audit.append($0) }) { path in
            let client = ControlClient(socketPath: path)
            _ = try await client.callDetached(VersionCommand())
            _ = try await client.callDetached(PauseCommand(org: OrgID("acme"), source: SourceID("hubspot")))
            _ = try await exchange(path, [#"{"id":1,"cmd":"echo","x":1}"# + "\n"])
        }
        let entries = await audit.entries
        #expect(entries.map(\.command) == ["pause"])
        #expect(entries.first?.caller.uid == getuid())
        #expect(entries.first?.caller.pid == getpid())
    }

    @Test("a write whose handler fails is audited with the failure code")
    func failedWriteAudited() async throws {
        let audit = AuditRecorder()
        var table = ControlCommandTable()
        table.register(ResumeCommand.self) { _, _ in throw ControlError.notFound("no such source") }
        let dispatcher = ControlDispatcher(
            table: table, policy: ControlPolicyBox(policy), audit: { await audit.append($0) },
            callerGroups: { _ in [] }, maxRequestBytes: 1 << 20, logger: quietLogger())
        let reply = await dispatcher.reply(to: line(#"{"id":1,"cmd":"resume","org":"a","source":"b"}"#), from: .init(uid: 0, gid: 0, pid: 1))
        #expect(reply.errorCode == .notFound)
        #expect(await audit.entries.map(\.outcome) == [.failed(.notFound)])
    }

    private func makeDispatcher(audit: AuditRecorder, groups: [UInt32]) -> ControlDispatcher {
        ControlDispatcher(
            table: testCommandTable(), policy: ControlPolicyBox(policy), audit: { await audit.append($0) },
            callerGroups: { _ in groups }, maxRequestBytes: 1 << 20, logger: quietLogger())
    }

    private func line(_ text: String) -> LineFramer.Event { .line(Array(text.utf8)) }
}

actor AuditRecorder {
    private(set) var entries: [ControlAuditEntry] = []
    func append(_ entry: ControlAuditEntry) { entries.append(entry) }
}
