import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct SalesforceRowsTests {
    @Test func seedsOnlySalesforceEntitiesWithTheirOverrides() async {
        let h = SalesforceHarness(deals: 3)
        let deals = await h.query("SELECT Id, Name, Amount, AccountId, OwnerId, IsWon, StageName FROM Opportunity ORDER BY Name").records
        #expect(deals.map { $0["Name"]?.stringValue } == ["Deal 0", "Deal 1", "Deal 2"])
        #expect(deals[1]["Amount"] == 555)
        #expect(deals[2]["IsWon"] == true && deals[2]["StageName"] == "Closed Won")
        let phone = await h.query("SELECT Phone FROM Contact WHERE LastName = 'Last0'").records.first?["Phone"]
        #expect(phone == "+49 30 9999")
        let id = deals.first?["Id"]?.stringValue ?? ""
        #expect(id.count == 18 && id.hasPrefix("006") && SalesforceID.canonical(String(id.prefix(15))) == id)
        #expect(deals[0]["AccountId"]?.stringValue?.hasPrefix("001") == true)
        #expect(deals[0]["OwnerId"]?.stringValue?.hasPrefix("005") == true)
    }

    @Test func createReadUpdateDeleteAsTheRealAPIAnswers() async {
        let h = SalesforceHarness()
        let created = await h.send("POST", "sobjects/Opportunity",
                                   json: ["Name": "New", "StageName": "Closed Won", "CloseDate": "2026-02-01", "Amount": 100])
        #expect(created.status == 201 && created.json["success"] == true && created.json["errors"] == [])
        let id = created.json["id"]!.stringValue!
        let read = await h.send("GET", "sobjects/Opportunity/\(id)")
        #expect(read.json["IsWon"] == true && read.json["Probability"] == 100 && read.json["ExpectedRevenue"] == 100)
        #expect(read.json["attributes"]?["url"] == .string("/services/data/v59.0/sobjects/Opportunity/\(id)"))
        #expect(read.json["SystemModstamp"] == "2026-01-01T00:00:00.000+0000")
        #expect(read.json["LastModifiedById"] == read.json["CreatedById"])

        h.clock.advance(90)
        let patched = await h.send("PATCH", "sobjects/Opportunity/\(id)", json: ["StageName": "Negotiation/Review"])
        #expect(patched.status == 204 && patched.response.body.isEmpty)
        let after = await h.send("GET", "sobjects/Opportunity/\(id)", query: [("fields", "StageName,IsClosed,SystemModstamp")])
        #expect(after.json["IsClosed"] == false && after.json["SystemModstamp"] == "2026-01-01T00:01:30.000+0000")
        #expect(after.json["Name"] == nil)

        #expect(await h.send("DELETE", "sobjects/Opportunity/\(id)").status == 204)
        let gone = await h.send("GET", "sobjects/Opportunity/\(id)")
        #expect(gone.status == 404 && gone.errorCode == "ENTITY_IS_DELETED")
        let unknown = await h.send("GET", "sobjects/Opportunity/006000000000000AAA")
        #expect(unknown.status == 404 && unknown.errorCode == "NOT_FOUND")
    }

    @Test func writesAreValidatedField_by_field() async {
        let h = SalesforceHarness()
        let missing = await h.send("POST", "sobjects/Opportunity", json: ["Name": "No stage"])
        #expect(missing.status == 400 && missing.errorCode == "REQUIRED_FIELD_MISSING")
        #expect(missing.json.arrayValue?.first?["fields"] == ["StageName", "CloseDate"])
        let picklist = await h.send("POST", "sobjects/Opportunity",
                                    json: ["Name": "x", "StageName": "Won-ish", "CloseDate": "2026-01-01"])
        #expect(picklist.errorCode == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")
        let unknown = await h.send("POST", "sobjects/Contact", json: ["LastName": "x", "Shoe__c": 42])
        #expect(unknown.errorCode == "INVALID_FIELD")
        let wrongType = await h.send("POST", "sobjects/Opportunity",
                                     json: ["Name": "x", "StageName": "Prospecting", "CloseDate": "2026-01-01", "Amount": "lots"])
        #expect(wrongType.errorCode == "JSON_PARSER_ERROR")
        let readOnly = await h.send("POST", "sobjects/Opportunity",
                                    json: ["Name": "x", "StageName": "Prospecting", "CloseDate": "2026-01-01", "IsWon": true])
        #expect(readOnly.errorCode == "INVALID_FIELD_FOR_INSERT_UPDATE")
        let badLookup = await h.send("POST", "sobjects/Contact", json: ["LastName": "x", "AccountId": "006000000000000AAA"])
        #expect(badLookup.errorCode == "MALFORMED_ID")
        let badJSON = await h.send("POST", "sobjects/Contact", raw: "{not json")
        #expect(badJSON.status == 400 && badJSON.errorCode == "JSON_PARSER_ERROR")
    }

    @Test func upsertByExternalIdCreatesOnceThenUpdates() async {
        let h = SalesforceHarness()
        let body: JSONValue = ["Name": "Synced", "StageName": "Prospecting", "CloseDate": "2026-05-01"]
        let first = await h.send("PATCH", "sobjects/Opportunity/DealSync_Id__c/0190b6f0-aaaa", json: body)
        #expect(first.status == 201 && first.json["created"] == true)
        let second = await h.send("PATCH", "sobjects/Opportunity/DealSync_Id__c/0190b6f0-aaaa", json: ["Amount": 7])
        #expect(second.status == 200 && second.json["created"] == false && second.json["id"] == first.json["id"])
        let rows = await h.query("SELECT Id, Amount FROM Opportunity WHERE DealSync_Id__c = '0190B6F0-AAAA'").records
        #expect(rows.count == 1 && rows[0]["Amount"] == 7)
        var old = h
        old.version = "v45.0"
        let legacy = await old.send("PATCH", "sobjects/Opportunity/DealSync_Id__c/0190b6f0-aaaa", json: ["Amount": 8])
        #expect(legacy.status == 204)
        let byExt = await h.send("GET", "sobjects/Opportunity/DealSync_Id__c/0190b6f0-aaaa")
        #expect(byExt.json["Amount"] == 8)
        let notExternal = await h.send("PATCH", "sobjects/Opportunity/Name/abc", json: body)
        #expect(notExternal.status == 404)
        let duplicate = await h.send("POST", "sobjects/Opportunity",
                                     json: ["Name": "Dup", "StageName": "Prospecting", "CloseDate": "2026-05-01",
                                            "DealSync_Id__c": "0190b6f0-aaaa"])
        #expect(duplicate.errorCode == "DUPLICATE_VALUE")
    }

    @Test func ifUnmodifiedSinceRefusesWritesOverNewerChanges() async {
        let h = SalesforceHarness()
        let id = await h.ids("SELECT Id FROM Opportunity WHERE Name = 'Deal 0'")[0]
        // Seeded modification: 2025-12-25T01:00:00Z.
        let stale = await h.send("PATCH", "sobjects/Opportunity/\(id)", json: ["Amount": 1],
                                 headers: [("If-Unmodified-Since", "Wed, 24 Dec 2025 00:00:00 GMT")])
        #expect(stale.status == 412 && stale.errorCode == "PRECONDITION_FAILED")
        #expect(await h.send("GET", "sobjects/Opportunity/\(id)").json["Amount"] == 1000)
        let fresh = await h.send("PATCH", "sobjects/Opportunity/\(id)", json: ["Amount": 2],
                                 headers: [("If-Unmodified-Since", "Thu, 25 Dec 2025 01:00:00 GMT")])
        #expect(fresh.status == 204)
        let bad = await h.send("PATCH", "sobjects/Opportunity/\(id)", json: ["Amount": 3],
                               headers: [("If-Unmodified-Since", "yesterday")])
        #expect(bad.status == 400)
    }

    @Test func humanEditsAdvanceStampsAsAnotherUser() async throws {
        let h = SalesforceHarness()
        let id = await h.ids("SELECT Id FROM Opportunity WHERE Name = 'Deal 1'")[0]
        h.clock.advance(3600)
        let edited = try await h.emulator.applyHumanEdit(SandboxEdit(object: "Opportunity", id: id, fields: ["StageName": "Closed Lost"]))
        #expect(edited["IsClosed"] == true && edited["Probability"] == 0)
        #expect(edited["SystemModstamp"] == "2026-01-01T01:00:00.000+0000")
        let api = await h.send("POST", "sobjects/Task", json: ["Subject": "Call", "WhatId": .string(id)])
        let task = await h.send("GET", "sobjects/Task/\(api.json["id"]!.stringValue!)")
        #expect(task.json["Status"] == "Not Started" && task.json["Priority"] == "Normal")
        #expect(edited["LastModifiedById"] != task.json["LastModifiedById"])
        let since = await h.ids("SELECT Id FROM Opportunity WHERE SystemModstamp > 2025-12-31T00:00:00Z ORDER BY SystemModstamp")
        #expect(since == [id])
        await #expect(throws: SandboxEditError.self) {
            try await h.emulator.applyHumanEdit(SandboxEdit(object: "Opportunity", id: id, fields: ["StageName": "Nope"]))
        }
    }

    @Test func replicationListsUpdatedAndDeletedIds() async {
        let h = SalesforceHarness()
        let ids = await h.ids("SELECT Id FROM Opportunity ORDER BY Name")
        h.clock.advance(600)
        _ = await h.send("PATCH", "sobjects/Opportunity/\(ids[0])", json: ["Amount": 5])
        _ = await h.send("DELETE", "sobjects/Opportunity/\(ids[1])")
        h.clock.advance(120)
        let window = [("start", "2026-01-01T00:05:00+00:00"), ("end", "2026-01-01T01:00:00+00:00")]
        let updated = await h.send("GET", "sobjects/Opportunity/updated/", query: window)
        #expect(updated.json["ids"] == [.string(ids[0])])
        #expect(updated.json["latestDateCovered"] == "2026-01-01T00:12:00.000+0000")
        let deleted = await h.send("GET", "sobjects/Opportunity/deleted/", query: window)
        #expect(deleted.json["deletedRecords"]?.arrayValue?.first?["id"] == .string(ids[1]))
        #expect(deleted.json["deletedRecords"]?.arrayValue?.first?["deletedDate"] == "2026-01-01T00:10:00.000+0000")
        let backwards = await h.send("GET", "sobjects/Opportunity/updated/",
                                     query: [("start", "2026-01-01T01:00:00Z"), ("end", "2026-01-01T00:00:00Z")])
        #expect(backwards.errorCode == "INVALID_REPLICATION_DATE")
    }

    @Test func deletingAnAccountDeletesWhatHangsOffIt() async {
        let h = SalesforceHarness(deals: 2)
        let account = await h.ids("SELECT Id FROM Account WHERE Name = 'Company 0'")[0]
        #expect(await h.send("DELETE", "sobjects/Account/\(account)").status == 204)
        let gone = await h.query("SELECT Name FROM Opportunity WHERE IsDeleted = true", all: true).records
        #expect(gone.map { $0["Name"]?.stringValue } == ["Deal 0"])
        #expect(await h.ids("SELECT Id FROM Contact WHERE AccountId = '\(account)'").isEmpty)
        #expect(await h.ids("SELECT Id FROM Task").count == 1)
        #expect(await h.ids("SELECT Id FROM Opportunity").count == 1)
    }

    @Test func fieldsFunctionExpandsTheFieldList() async {
        let h = SalesforceHarness()
        let custom = await h.query("SELECT Id, FIELDS(CUSTOM) FROM Opportunity LIMIT 1").records.first
        #expect(custom?["DealSync_Score__c"] != nil && custom?["Name"] == nil && custom?["Id"] != nil)
        let all = await h.query("SELECT FIELDS(ALL) FROM Account LIMIT 200").records.first
        #expect(all?["BillingCity"] == "Berlin" && all?["DealSync_Id__c"] == .null)
        #expect(await h.query("SELECT FIELDS(ALL) FROM Account").errorCode == "MALFORMED_QUERY")
    }

    @Test func describeListsFieldsAndStagePicklist() async {
        let h = SalesforceHarness()
        let d = await h.send("GET", "sobjects/Opportunity/describe")
        let fields = d.json["fields"]?.arrayValue ?? []
        let stage = fields.first { $0["name"] == "StageName" }
        #expect(stage?["picklistValues"]?.arrayValue?.compactMap { $0["value"]?.stringValue }.contains("Proposal/Price Quote") == true)
        #expect(fields.first { $0["name"] == "DealSync_Id__c" }?["externalId"] == true)
        #expect(fields.first { $0["name"] == "IsWon" }?["updateable"] == false)
        let global = await h.send("GET", "sobjects/")
        #expect(global.json["sobjects"]?.arrayValue?.contains { $0["name"] == "Task" && $0["keyPrefix"] == "00T" } == true)
    }
}
