import DealSyncControl
import Foundation
import Testing

@Suite("Wire format")
struct WireTests {
    private func json(_ value: some Encodable) throws -> String { try ControlCodec.text(value) }

    @Test("a typed request puts its arguments beside id and cmd")
    func requestShape() throws {
        let request = try ControlRequest(id: 7, ResyncCommand(org: OrgID("acme"), source: SourceID("hubspot"), object: .deal))
        #expect(try json(request) == #"{"cmd":"resync","id":7,"object":"deal","org":"acme","source":"hubspot"}"#)
        let dead = try ControlRequest(id: "a", DeadLetterRetryCommand(deadLetter: "42"))
        #expect(try json(dead) == #"{"cmd":"dead-letter.retry","dead_letter":"42","id":"a"}"#)
    }

    @Test("a request line parses back to the typed command")
    func requestRoundTrip() throws {
        let line = Array(#"{"id":3,"cmd":"pause","org":"acme","source":"sf"}"#.utf8)
        let request = try ControlRequest(parsing: try ControlCodec.parse(line))
        #expect(request.id == 3)
        #expect(request.command == "pause")
        let pause = try request.decode(PauseCommand.self)
        #expect(pause.org == OrgID("acme") && pause.source == SourceID("sf"))
    }

    @Test("requests that are not objects or lack cmd are bad requests")
    func badRequests() throws {
        for text in ["[1,2]", "42", #"{"id":1}"#, #"{"id":1,"cmd":5}"#, #"{"cmd":""}"#] {
            let value = try ControlCodec.parse(Array(text.utf8))
            do {
                _ = try ControlRequest(parsing: value)
                Issue.record("\(text) should be rejected")
            } catch {
                #expect(error.code == .badRequest)
            }
        }
    }

    @Test("a missing argument is a bad_request that names it")
    func missingArgument() {
        let request = ControlRequest(id: 1, command: "pause", arguments: ["org": "acme"])
        do {
            _ = try request.decode(PauseCommand.self)
            Issue.record("decode should fail")
        } catch {
            #expect(error.code == .badRequest)
            #expect(error.message.contains("source"))
        }
    }

    @Test("arguments may not overwrite id or cmd")
    func reservedKeys() throws {
        let request = ControlRequest(id: 1, command: "status", arguments: ["cmd": "reload", "id": 9, "org": "x"])
        #expect(try json(request) == #"{"cmd":"status","id":1,"org":"x"}"#)
    }

    @Test("exactly-one-of rules hold on both commands that have them")
    func validation() throws {
        let retryBoth = ControlRequest(id: 1, command: "dead-letter.retry", arguments: ["dead_letter": "1", "all": true])
        #expect(throws: ControlError.self) { try retryBoth.decode(DeadLetterRetryCommand.self) }
        let retryNone = ControlRequest(id: 1, command: "dead-letter.retry", arguments: [:])
        #expect(throws: ControlError.self) { try retryNone.decode(DeadLetterRetryCommand.self) }
        try DeadLetterRetryCommand(allIn: nil).validate()
        let both = ControlRequest(id: 1, command: "conflicts.resolve", arguments: ["conflict": "c1", "pick": "sf", "value": "9"])
        #expect(throws: ControlError.self) { try both.decode(ConflictsResolveCommand.self) }
        let none = ControlRequest(id: 1, command: "conflicts.resolve", arguments: ["conflict": "c1"])
        #expect(throws: ControlError.self) { try none.decode(ConflictsResolveCommand.self) }
        let pick = ControlRequest(id: 1, command: "conflicts.resolve", arguments: ["conflict": "c1", "pick": "sf"])
        #expect(try pick.decode(ConflictsResolveCommand.self).pick == SourceID("sf"))
    }

    @Test("replies encode as ok/result or ok/error and decode back")
    func replies() throws {
        let ok = ControlReply.success(id: 1, result: ["n": 3])
        #expect(try json(ok) == #"{"id":1,"ok":true,"result":{"n":3}}"#)
        let failed = ControlReply.failure(id: .null, error: .init(.tooLarge, "too big"))
        #expect(try json(failed) == #"{"error":{"code":"too_large","message":"too big"},"id":null,"ok":false}"#)
        for reply in [ok, failed] {
            let back = try ControlCodec.makeDecoder().decode(ControlReply.self, from: Data(try json(reply).utf8))
            #expect(back == reply)
        }
        #expect(throws: ControlError(.tooLarge, "too big")) { try failed.result(as: ControlValue.self) }
    }

    @Test("integers survive exactly; doubles stay doubles")
    func numbers() throws {
        let value = try ControlCodec.parse(Array(#"{"big":9007199254740993,"x":1.5,"t":true}"#.utf8))
        #expect(value["big"] == .int(9_007_199_254_740_993))
        #expect(value["x"] == .double(1.5))
        #expect(value["t"] == .bool(true))
    }

    @Test("status reports round-trip with snake_case keys and ISO 8601 dates")
    func statusShape() throws {
        let started = Date(timeIntervalSince1970: 1_764_000_000)
        let report = StatusReport(
            version: "0.1.0", state: .ready, startedAt: started, uptimeSeconds: 61, configPath: "/etc/dealsync/dealsync.yaml",
            pid: 12,
            sources: [SourceStatus(org: OrgID("acme"), source: SourceID("sf"), kind: "salesforce", objects: [.deal],
                                   lastSuccess: started, cursors: ["deal": "c1"], lagSeconds: 2)],
            conditions: [HealthCondition(code: "source.paused", severity: .info, message: "paused by uid 0")])
        let value = try ControlCodec.value(of: report)
        #expect(value["started_at"] == .string("2025-11-24T16:00:00Z"))
        #expect(value["sources"]?.arrayValue?.first?["last_success"] != nil)
        #expect(try ControlCodec.decode(StatusReport.self, from: value) == report)
    }

    @Test("every protocol command has a unique name")
    func commandNames() {
        let names = ControlCommands.all.map { $0.name }
        #expect(Set(names).count == names.count)
        #expect(ControlCommands.access(of: "pause") == .write)
        #expect(ControlCommands.access(of: "status") == .read)
        #expect(ControlCommands.access(of: "nope") == nil)
    }
}
