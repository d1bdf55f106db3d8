import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct HubSpotSearchTests {
    private func ids(_ r: (status: Int, json: JSONValue, response: SandboxResponse)) -> [String] {
        (r.json["results"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
    }

    private func filter(_ property: String, _ op: String, _ value: JSONValue? = nil, values: [JSONValue]? = nil,
                        high: JSONValue? = nil) -> JSONValue {
        var f: [String: JSONValue] = ["propertyName": .string(property), "operator": .string(op)]
        if let value { f["value"] = value }
        if let values { f["values"] = .array(values) }
        if let high { f["highValue"] = high }
        return .object(f)
    }

    private func search(_ h: HubSpotHarness, _ groups: [[JSONValue]], sort: JSONValue? = nil, limit: Int = 100,
                        after: String? = nil) async -> (status: Int, json: JSONValue, response: SandboxResponse) {
        var body: [String: JSONValue] = ["filterGroups": .array(groups.map { ["filters": .array($0)] }), "limit": .number(Double(limit))]
        if let sort { body["sorts"] = [sort] }
        if let after { body["after"] = .string(after) }
        h.clock.advance(0.25)   // stay inside the 5-per-second search limit
        return await h.send("POST", "/crm/v3/objects/deals/search", json: .object(body))
    }

    @Test func everyOperatorFiltersByPropertyType() async {
        let h = HubSpotHarness(deals: 6)   // amounts 1000...1005; even deals open, odd closed won
        let all = ids(await search(h, []))
        #expect(all.count == 6)
        #expect(ids(await search(h, [[filter("amount", "EQ", "1002")]])) == [all[2]])
        #expect(ids(await search(h, [[filter("amount", "NEQ", "1002")]])).count == 5)
        #expect(ids(await search(h, [[filter("amount", "GT", "1003")]])) == [all[4], all[5]])
        #expect(ids(await search(h, [[filter("amount", "GTE", "1003")]])).count == 3)
        #expect(ids(await search(h, [[filter("amount", "LT", "1001")]])) == [all[0]])
        #expect(ids(await search(h, [[filter("amount", "LTE", "1001")]])).count == 2)
        #expect(ids(await search(h, [[filter("amount", "BETWEEN", "1001", high: "1003")]])).count == 3)
        #expect(ids(await search(h, [[filter("dealstage", "IN", values: ["closedwon"])]])) == [all[1], all[3], all[5]])
        #expect(ids(await search(h, [[filter("dealstage", "NOT_IN", values: ["closedwon"])]])) == [all[0], all[2], all[4]])
        #expect(ids(await search(h, [[filter("dealsync_id", "HAS_PROPERTY")]])).isEmpty)
        #expect(ids(await search(h, [[filter("dealsync_id", "NOT_HAS_PROPERTY")]])).count == 6)
        #expect(ids(await search(h, [[filter("dealname", "CONTAINS_TOKEN", "deal")]])).count == 6)
        #expect(ids(await search(h, [[filter("dealname", "CONTAINS_TOKEN", "4")]])) == [all[4]])
        // Amounts compare as numbers: "1000" > "999", though not as text.
        #expect(ids(await search(h, [[filter("amount", "GT", "999")]])).count == 6)
    }

    @Test func groupsAreOredAndFiltersAnded() async {
        let h = HubSpotHarness(deals: 6)
        let all = ids(await search(h, []))
        let r = await search(h, [[filter("amount", "EQ", "1000")], [filter("amount", "GTE", "1004"), filter("dealstage", "EQ", "closedwon")]])
        #expect(ids(r) == [all[0], all[5]])
        #expect(r.json["total"] == 2)
    }

    @Test func datetimeFiltersTakeEpochMillisAndSortByStamp() async {
        let h = HubSpotHarness(deals: 5)
        let all = ids(await search(h, []))
        // Deal i was modified at 2025-01-01T01:00Z + i minutes.
        let third = HubSpotTime.parse("2025-01-01T01:02:00Z")!
        let since = await search(h, [[filter("hs_lastmodifieddate", "GTE", .string(String(third)))]],
                                 sort: ["propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"])
        #expect(ids(since) == Array(all[2...]))
        let desc = await search(h, [], sort: ["propertyName": "hs_lastmodifieddate", "direction": "DESCENDING"])
        #expect(ids(desc) == all.reversed())
        let iso = await search(h, [[filter("hs_lastmodifieddate", "LT", "2025-01-01T01:02:00.000Z")]])
        #expect(ids(iso) == Array(all[..<2]))
        let byName = await search(h, [], sort: ["propertyName": "amount", "direction": "DESCENDING"])
        #expect(ids(byName) == all.reversed())
    }

    @Test func pagingUsesIntegerOffsetsAndOmitsPagingOnLastPage() async {
        let h = HubSpotHarness(deals: 5)
        let first = await search(h, [], limit: 2)
        #expect(first.json["total"] == 5)
        #expect(first.json["paging"]?["next"]?["after"] == "2")
        let last = await search(h, [], limit: 2, after: "4")
        #expect(ids(last).count == 1)
        #expect(last.json["paging"] == nil)
        #expect(first.response.header("X-HubSpot-RateLimit-Remaining") == nil)   // search carries no rate headers
    }

    @Test func limitsOnGroupsFiltersSortsAndPageSize() async {
        let h = HubSpotHarness(deals: 1)
        let f = filter("amount", "GT", "0")
        #expect(await search(h, Array(repeating: [f], count: 6)).status == 400)
        #expect(await search(h, [Array(repeating: f, count: 7)]).status == 400)
        #expect(await search(h, Array(repeating: Array(repeating: f, count: 5), count: 4)).status == 400)   // 20 > 18
        #expect(await search(h, [Array(repeating: f, count: 6)]).status == 200)
        #expect(await search(h, [], limit: 201).status == 400)
        #expect(await search(h, [], limit: 200).status == 200)
        h.clock.advance(1)
        let twoSorts = await h.send("POST", "/crm/v3/objects/deals/search", json: ["sorts": ["amount", "-createdate"]])
        #expect(twoSorts.status == 400)
        #expect(twoSorts.json["category"] == "VALIDATION_ERROR")
    }

    @Test func tenThousandResultCapAnswers400PastIt() async {
        let h = HubSpotHarness(deals: 10_050)
        let last = await search(h, [], limit: 200, after: "9800")
        #expect(last.json["total"] == 10_050)
        #expect(ids(last).count == 200)
        #expect(last.json["paging"]?["next"]?["after"] == "10000")
        let past = await search(h, [], limit: 10, after: "10000")
        #expect(past.status == 400)
        #expect(past.json["category"] == "VALIDATION_ERROR")
        // The documented way round it: a new lower bound on the modification stamp.
        let cutoff = HubSpotTime.parse("2025-01-01T01:00:00Z")! + 10_000 * 60_000
        let rest = await search(h, [[filter("hs_lastmodifieddate", "GTE", .string(String(cutoff)))]],
                                sort: ["propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"], limit: 200)
        #expect(rest.json["total"] == 50)
    }

    @Test func archivedRecordsNeverMatch() async {
        let h = HubSpotHarness(deals: 3)
        let all = ids(await search(h, []))
        _ = await h.send("DELETE", "/crm/v3/objects/deals/\(all[1])")
        #expect(ids(await search(h, [])) == [all[0], all[2]])
    }
}
