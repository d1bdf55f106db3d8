import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct SalesforceSOQLParserTests {
    @Test func parsesTheIncrementalSyncQuery() throws {
        let q = try SOQLParser.parse(
            "SELECT Id, Name, SystemModstamp FROM Opportunity WHERE SystemModstamp > 2024-05-01T00:00:00Z ORDER BY SystemModstamp, Id LIMIT 500")
        #expect(q.object == "Opportunity")
        #expect(q.fields == ["Id", "Name", "SystemModstamp"])
        #expect(q.condition == .compare(field: "SystemModstamp", op: .gt,
                                        value: .dateTime(SalesforceTime.parseDateTime("2024-05-01T00:00:00.000+0000")!)))
        #expect(q.orderBy == [SOQLOrder(field: "SystemModstamp"), SOQLOrder(field: "Id")])
        #expect(q.limit == 500)
    }

    @Test func parsesLiteralsOfEveryKind() throws {
        let q = try SOQLParser.parse(
            "select Id from Contact where LastName = 'O\\'Brien' and Amount__x >= -12.5 and IsDeleted = FALSE and Email != null and CloseDate < 2024-01-31 and CreatedDate = LAST_N_DAYS:7 and Id not in ('a','b')")
        guard case .and(let terms) = q.condition else { Issue.record("expected AND"); return }
        #expect(terms[0] == .compare(field: "LastName", op: .eq, value: .string("O'Brien")))
        #expect(terms[1] == .compare(field: "Amount__x", op: .ge, value: .number(-12.5)))
        #expect(terms[2] == .compare(field: "IsDeleted", op: .eq, value: .bool(false)))
        #expect(terms[3] == .compare(field: "Email", op: .ne, value: .null))
        #expect(terms[4] == .compare(field: "CloseDate", op: .lt, value: .date("2024-01-31")))
        #expect(terms[5] == .compare(field: "CreatedDate", op: .eq, value: .relative("LAST_N_DAYS", 7)))
        #expect(terms[6] == .within(field: "Id", values: [.string("a"), .string("b")], negated: true))
    }

    @Test func datetimeOffsetsAreApplied() throws {
        let utc = SalesforceTime.parseDateTime("2024-01-01T12:00:00Z")!
        #expect(SalesforceTime.parseDateTime("2024-01-01T14:00:00+02:00") == utc)
        #expect(SalesforceTime.parseDateTime("2024-01-01T07:00:00.000-0500") == utc)
        #expect(SalesforceTime.format(utc) == "2024-01-01T12:00:00.000+0000")
    }

    @Test(arguments: [
        ("SELECT Id FROM Opportunity WHERE Name = 'a' AND Amount > 1 OR Amount < 0", "unexpected token: 'OR'"),
        ("SELECT Id FROM Opportunity WHERE Name = 'a' AND NOT Amount > 1", "unexpected token: 'NOT'"),
        ("SELECT Id, FROM Opportunity", "unexpected token: 'FROM'"),
        ("SELECT Id FROM Opportunity WHERE", "unexpected token: <EOF>"),
        ("SELECT Id FROM Opportunity WHERE Name = 'unterminated", "unexpected token"),
        ("SELECT Id FROM Opportunity LIMIT ten", "unexpected token: 'ten'"),
    ])
    func malformedQueriesAreRefused(soql: String, detail: String) {
        #expect {
            try SOQLParser.parse(soql)
        } throws: { error in
            guard let e = error as? SFError else { return false }
            return e.code == "MALFORMED_QUERY" && e.status == 400 && e.message.contains(detail)
        }
    }
}

@Suite struct SalesforceSOQLEvaluationTests {
    @Test func parenthesesDecidePrecedence() async {
        let h = SalesforceHarness(deals: 5)
        // Deals 0..4: stages Prospecting, Proposal, Closed Won, Negotiation, Closed Lost; amounts 1000, 555, 1002, 1003, 1004.
        let left = await h.ids("SELECT Id FROM Opportunity WHERE (StageName = 'Prospecting' OR Amount > 1003) AND IsClosed = true")
        let right = await h.ids("SELECT Id FROM Opportunity WHERE StageName = 'Prospecting' OR (Amount > 1003 AND IsClosed = true)")
        let both = await h.ids("SELECT Id, Name FROM Opportunity WHERE (StageName = 'Prospecting' OR Amount > 1003)")
        #expect(left.count == 1)
        #expect(right.count == 2)
        #expect(both.count == 2)
        let negated = await h.ids("SELECT Id FROM Opportunity WHERE NOT (StageName = 'Prospecting' OR Amount > 1003)")
        #expect(Set(negated).isDisjoint(with: both) && negated.count == 3)
    }

    @Test func comparesStringsWithoutCaseAndSupportsInAndLike() async {
        let h = SalesforceHarness(deals: 5)
        #expect(await h.ids("SELECT Id FROM Opportunity WHERE Name = 'deal 3'").count == 1)
        #expect(await h.ids("SELECT Id FROM Opportunity WHERE StageName IN ('Closed Won', 'Closed Lost')").count == 2)
        #expect(await h.ids("SELECT Id FROM Opportunity WHERE StageName NOT IN ('Closed Won', 'Closed Lost')").count == 3)
        #expect(await h.ids("SELECT Id FROM Contact WHERE Email LIKE 'PERSON%@company2.test'").count == 1)
        #expect(await h.ids("SELECT Id FROM Contact WHERE LastName LIKE 'Last_'").count == 5)
        #expect(await h.ids("SELECT Id FROM Opportunity WHERE DealSync_Id__c = null").count == 5)
        #expect(await h.ids("SELECT Id FROM Opportunity WHERE DealSync_Id__c != null").isEmpty)
    }

    @Test func filtersOnDatesAndDatetimes() async {
        let h = SalesforceHarness(deals: 5)
        // Deal i was modified at 2025-12-25T01:0i:00Z.
        #expect(await h.ids("SELECT Id FROM Opportunity WHERE SystemModstamp > 2025-12-25T01:02:00Z").count == 2)
        #expect(await h.ids("SELECT Id FROM Opportunity WHERE SystemModstamp >= 2025-12-25T03:02:00+02:00").count == 3)
        #expect(await h.ids("SELECT Id FROM Opportunity WHERE CloseDate <= 2026-03-31 AND CloseDate > 2026-03-30").count == 5)
        #expect(await h.ids("SELECT Id FROM Opportunity WHERE LastModifiedDate = LAST_N_DAYS:7").count == 5)
        #expect(await h.ids("SELECT Id FROM Opportunity WHERE LastModifiedDate = TODAY").isEmpty)
    }

    @Test func ordersByFieldsWithDirection() async {
        let h = SalesforceHarness(deals: 5)
        let byAmount = await h.query("SELECT Name, Amount FROM Opportunity ORDER BY Amount DESC LIMIT 2 OFFSET 1").records
        #expect(byAmount.map { $0["Name"]?.stringValue } == ["Deal 3", "Deal 2"])
        let byStage = await h.query("SELECT Name FROM Opportunity ORDER BY IsClosed ASC, Name DESC").records
        #expect(byStage.first?["Name"]?.stringValue == "Deal 3")
        let latest = await h.query("SELECT Name FROM Opportunity ORDER BY SystemModstamp DESC, Id DESC LIMIT 2").records
        #expect(latest.map { $0["Name"]?.stringValue } == ["Deal 4", "Deal 3"])
        let oldest = await h.query("SELECT Name FROM Opportunity WHERE SystemModstamp > 2025-12-25T01:00:30Z ORDER BY SystemModstamp").records
        #expect(oldest.first?["Name"] == "Deal 1" && oldest.count == 4)
        let count = await h.query("SELECT COUNT() FROM Opportunity WHERE IsWon = true")
        #expect(count.json["totalSize"] == 1 && count.records.isEmpty)
    }

    @Test func selectsParentFieldsThroughLookups() async {
        let h = SalesforceHarness(deals: 2)
        let rows = await h.query("SELECT Name, Account.Name, Owner.Email, Account.Industry FROM Opportunity ORDER BY Name").records
        #expect(rows[0]["Account"]?["Name"] == "Company 0" && rows[0]["Account"]?["Industry"] == "Technology")
        #expect(rows[0]["Account"]?["attributes"]?["type"] == "Account")
        #expect(rows[1]["Owner"]?["Email"] == "bob@seller.test")
        let task = await h.query("SELECT What.Name, Who.Email FROM Task WHERE Subject = 'Call: Deal 0'").records
        #expect(task.first?["What"]?["Name"] == "Deal 0" && task.first?["Who"]?["Email"] == "person0@company0.test")
        #expect(await h.query("SELECT Acount.Name FROM Opportunity").errorCode == "INVALID_FIELD")
        #expect(await h.query("SELECT Id FROM Opportunity WHERE Account.Name = 'x'").errorCode == "INVALID_FIELD")
    }

    @Test func namesAndLiteralTypesAreChecked() async {
        let h = SalesforceHarness()
        let unknownField = await h.query("SELECT Id, Colour FROM Opportunity")
        #expect(unknownField.status == 400 && unknownField.errorCode == "INVALID_FIELD")
        let unknownObject = await h.query("SELECT Id FROM Widget")
        #expect(unknownObject.status == 400 && unknownObject.errorCode == "INVALID_TYPE")
        let quotedDate = await h.query("SELECT Id FROM Opportunity WHERE SystemModstamp > '2024-01-01T00:00:00Z'")
        #expect(quotedDate.status == 400 && quotedDate.errorCode == "INVALID_QUERY_FILTER_OPERATOR")
        let dateForDatetime = await h.query("SELECT Id FROM Opportunity WHERE SystemModstamp > 2024-01-01")
        #expect(dateForDatetime.errorCode == "INVALID_QUERY_FILTER_OPERATOR")
        let malformed = await h.query("SELECT Id FROM Opportunity WHERE Amount > 1 AND Amount < 5 OR Amount = 3")
        #expect(malformed.status == 400 && malformed.errorCode == "MALFORMED_QUERY")
    }

    @Test func queryAllAlsoReturnsDeletedRows() async {
        let h = SalesforceHarness(deals: 3)
        let id = await h.ids("SELECT Id FROM Opportunity WHERE Name = 'Deal 1'")[0]
        #expect(await h.send("DELETE", "sobjects/Opportunity/\(id)").status == 204)
        #expect(await h.ids("SELECT Id FROM Opportunity").count == 2)
        let all = await h.query("SELECT Id, IsDeleted FROM Opportunity WHERE IsDeleted = true", all: true)
        #expect(all.records.map { $0["Id"]?.stringValue } == [id])
        #expect(all.records.first?["IsDeleted"] == true)
    }
}
