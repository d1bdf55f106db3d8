import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct SalesforcePagingTests {
    @Test func nextRecordsUrlPagesWithoutLosingOrRepeatingRows() async {
        let h = SalesforceHarness(deals: 450)
        let first = await h.query("SELECT Id FROM Opportunity ORDER BY SystemModstamp, Id", batchSize: 200)
        #expect(first.json["totalSize"] == 450 && first.json["done"] == false && first.records.count == 200)
        let next = first.json["nextRecordsUrl"]?.stringValue ?? ""
        #expect(next.hasPrefix("/services/data/v59.0/query/01g") && next.hasSuffix("-200"))
        let all = await h.queryAllPages("SELECT Id FROM Opportunity ORDER BY SystemModstamp, Id", batchSize: 200)
        let ids = all.records.compactMap { $0["Id"]?.stringValue }
        #expect(all.pages == 3 && ids.count == 450 && Set(ids).count == 450)
        let defaultBatch = await h.query("SELECT Id FROM Contact")
        #expect(defaultBatch.json["done"] == true && defaultBatch.json["nextRecordsUrl"] == nil)
        let bogus = await h.send("GET", "query/01gXXXXXXXXXXXXXXX-200")
        #expect(bogus.status == 400 && bogus.errorCode == "INVALID_QUERY_LOCATOR")
    }

    @Test func locatorsExpireAfter15IdleMinutes() async {
        let h = SalesforceHarness(deals: 450)
        let first = await h.query("SELECT Id FROM Opportunity", batchSize: 200)
        let next = first.json["nextRecordsUrl"]?.stringValue ?? ""
        h.clock.advance(14 * 60)
        let second = await h.send("GET", next)
        #expect(second.status == 200 && second.records.count == 200)
        h.clock.advance(16 * 60)
        let third = await h.send("GET", second.json["nextRecordsUrl"]?.stringValue ?? "")
        #expect(third.status == 400 && third.errorCode == "INVALID_QUERY_LOCATOR")
    }

    @Test func batchesDefaultTo2000() async {
        let h = SalesforceHarness(deals: 2100)
        let first = await h.query("SELECT Id FROM Task")
        #expect(first.records.count == 2000 && first.json["nextRecordsUrl"]?.stringValue?.hasSuffix("-2000") == true)
    }

    @Test func incrementalQueryOnALargeOrgReadsOnlyTheChangedRange() async {
        // Deals modified a minute apart, all before the clock's start (2026-01-01T00:00:00Z).
        let h = SalesforceHarness(world: salesforceTestWorld(deals: 20_000, start: Date(timeIntervalSince1970: 1_767_225_600 - 20_000 * 60 - 7200)))
        let ids = await h.ids("SELECT Id FROM Opportunity WHERE Name = 'Deal 19999'")
        h.clock.advance(60)
        _ = await h.send("PATCH", "sobjects/Opportunity/\(ids[0])", json: ["Amount": 1])
        let started = ContinuousClock.now
        var changed: [String] = []
        for _ in 0..<50 {
            changed = await h.ids("SELECT Id, Amount FROM Opportunity WHERE SystemModstamp > 2026-01-01T00:00:30Z ORDER BY SystemModstamp, Id")
        }
        let elapsed = ContinuousClock.now - started
        #expect(changed == ids, "\(changed.count) rows changed")
        // A scan of 20,000 rows per query would take far longer in a debug build.
        #expect(elapsed < .seconds(1), "50 indexed queries took \(elapsed)")
    }
}

@Suite struct SalesforceCollectionsTests {
    private func opp(_ name: String, stage: String = "Prospecting") -> JSONValue {
        ["attributes": ["type": "Opportunity"], "Name": .string(name), "StageName": .string(stage), "CloseDate": "2026-06-30"]
    }

    @Test func allOrNoneRollsBackEveryRecord() async {
        let h = SalesforceHarness()
        let reply = await h.send("POST", "composite/sobjects",
                                 json: ["allOrNone": true, "records": [opp("A"), opp("B", stage: "Bogus"), opp("C")]])
        #expect(reply.status == 200)
        let results = reply.json.arrayValue ?? []
        #expect(results.count == 3 && results.allSatisfy { $0["success"] == false })
        #expect(results[0]["errors"]?.arrayValue?.first?["statusCode"] == "ALL_OR_NONE_OPERATION_ROLLED_BACK")
        #expect(results[1]["errors"]?.arrayValue?.first?["statusCode"] == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")
        #expect(await h.ids("SELECT Id FROM Opportunity WHERE Name IN ('A', 'C')").isEmpty)
    }

    @Test func withoutAllOrNoneTheValidRecordsCommit() async {
        let h = SalesforceHarness()
        let reply = await h.send("POST", "composite/sobjects",
                                 json: ["allOrNone": false, "records": [opp("A"), opp("B", stage: "Bogus"),
                                                                         ["attributes": ["type": "Contact"], "LastName": "Mixed"]]])
        let results = reply.json.arrayValue ?? []
        #expect(results.map { $0["success"] } == [true, false, true])
        #expect(results[0]["id"]?.stringValue?.hasPrefix("006") == true && results[2]["id"]?.stringValue?.hasPrefix("003") == true)

        let a = results[0]["id"]!
        let updated = await h.send("PATCH", "composite/sobjects",
                                   json: ["records": [["attributes": ["type": "Opportunity"], "id": a, "Amount": 42],
                                                      ["attributes": ["type": "Opportunity"], "id": "006000000000000AAA", "Amount": 1]]])
        #expect(updated.json.arrayValue?.map { $0["success"] } == [true, false])
        #expect(await h.send("GET", "sobjects/Opportunity/\(a.stringValue!)").json["Amount"] == 42)

        let read = await h.send("GET", "composite/sobjects/Opportunity", query: [("ids", "\(a.stringValue!),006000000000000AAA"), ("fields", "Id,Amount")])
        #expect(read.json.arrayValue?.count == 2 && read.json.arrayValue?[1] == .null)

        let deleted = await h.send("DELETE", "composite/sobjects", query: [("ids", a.stringValue!), ("allOrNone", "false")])
        #expect(deleted.json.arrayValue?.first?["success"] == true)
        #expect(await h.ids("SELECT Id FROM Opportunity WHERE Id = '\(a.stringValue!)'").isEmpty)
    }

    @Test func upsertCollectionsByExternalId() async {
        let h = SalesforceHarness()
        var records: [JSONValue] = []
        for i in 0..<3 {
            guard case .object(var o) = opp("U\(i)") else { continue }
            o["DealSync_Id__c"] = .string("ext-\(i)")
            records.append(.object(o))
        }
        let first = await h.send("PATCH", "composite/sobjects/Opportunity/DealSync_Id__c", json: ["allOrNone": true, "records": .array(records)])
        #expect(first.json.arrayValue?.map { $0["created"] } == [true, true, true])
        let again = await h.send("PATCH", "composite/sobjects/Opportunity/DealSync_Id__c", json: ["allOrNone": true, "records": .array(records)])
        #expect(again.json.arrayValue?.map { $0["created"] } == [false, false, false])
        #expect(await h.ids("SELECT Id FROM Opportunity WHERE DealSync_Id__c LIKE 'ext-%'").count == 3)
    }

    @Test func moreThan200RecordsIsRefusedWhole() async {
        let h = SalesforceHarness()
        let reply = await h.send("POST", "composite/sobjects",
                                 json: ["records": .array((0..<201).map { opp("Bulk \($0)") })])
        #expect(reply.status == 400 && reply.errorCode == "EXCEEDED_ID_LIMIT")
    }
}

@Suite struct SalesforceAuthAndLimitsTests {
    @Test func expiredTokensAnswer401UntilRefreshed() async {
        let h = SalesforceHarness(tokenLifetime: 600)
        #expect(await h.query("SELECT Id FROM Account").status == 200)
        h.clock.advance(601)
        let expired = await h.query("SELECT Id FROM Account")
        #expect(expired.status == 401 && expired.errorCode == "INVALID_SESSION_ID")
        #expect(expired.json == [["message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"]])

        let creds = h.emulator.credentials
        let form = "grant_type=refresh_token&client_id=\(creds["client_id"]!)&client_secret=\(creds["client_secret"]!)&refresh_token=\(creds["refresh_token"]!)"
        let token = await h.send("POST", "/services/oauth2/token", raw: form)
        #expect(token.status == 200)
        #expect(token.json["instance_url"] == "http://127.0.0.1:9999/salesforce")
        #expect(token.json["token_type"] == "Bearer" && token.json["signature"]?.stringValue?.isEmpty == false)
        let fresh = token.json["access_token"]!.stringValue!
        #expect(await h.send("GET", "query", query: [("q", "SELECT Id FROM Account")], token: fresh).status == 200)

        let identity = token.json["id"]?.stringValue ?? ""
        #expect(identity.hasPrefix("http://127.0.0.1:9999/salesforce/id/00D"))
        let who = await h.send("GET", String(identity.dropFirst("http://127.0.0.1:9999/salesforce".count)), token: fresh)
        #expect(who.status == 200 && who.json["user_id"]?.stringValue?.hasPrefix("005") == true)

        let bad = await h.send("POST", "/services/oauth2/token", raw: "grant_type=refresh_token&client_id=\(creds["client_id"]!)&refresh_token=nope")
        #expect(bad.status == 400 && bad.json["error"] == "invalid_grant")
    }

    @Test func everyReplyCarriesUsageAndTheAllocationRunsOut() async {
        let h = SalesforceHarness(dailyLimit: 3, tokenLifetime: 200_000)
        for n in 1...3 {
            let r = await h.send("GET", "limits")
            #expect(r.response.header("Sforce-Limit-Info") == "api-usage=\(n)/3")
        }
        let refused = await h.query("SELECT Id FROM Account")
        #expect(refused.status == 403 && refused.errorCode == "REQUEST_LIMIT_EXCEEDED")
        #expect(refused.response.header("Sforce-Limit-Info") == "api-usage=3/3")
        h.clock.advance(86_400)
        let limits = await h.send("GET", "limits")
        #expect(limits.status == 200 && limits.json["DailyApiRequests"]?["Remaining"] == 2)
    }

    @Test func versionsAreListedAndUnknownOnesAre404() async {
        let h = SalesforceHarness()
        let versions = await h.send("GET", "/services/data/")
        #expect(versions.json.arrayValue?.contains { $0["version"] == "59.0" && $0["label"] == "Winter '24" } == true)
        #expect(versions.response.header("Sforce-Limit-Info") == nil)
        var future = h
        future.version = "v99.0"
        #expect(await future.query("SELECT Id FROM Account").status == 404)
    }
}
