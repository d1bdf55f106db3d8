import DealSyncCore
import DealSyncResolver
import DealSyncSync
import Foundation
import Testing

/// How each CRM spells stages, money, dates, owners and its other conventions.
@Suite struct WireFormatTests {
    typealias M = MappingFixture
    let set: MappingSet
    init() throws { set = try M.shipped() }

    func deal(_ crm: CRMKind, _ remote: [String: RemoteValue]) -> [String: FieldValue] {
        set.toCanonical(.deal, crm, remoteFields: remote, references: M.links)
    }

    @Test func stagesMapPerCRM() {
        #expect(deal(.salesforce, ["StageName": .string("Negotiation/Review")])["stage"] == .enumeration("negotiation"))
        #expect(deal(.salesforce, ["StageName": .string("Needs Analysis")])["stage"] == .enumeration("qualification"))
        #expect(deal(.hubspot, ["dealstage": .string("decisionmakerboughtin")])["stage"] == .enumeration("negotiation"))
        #expect(deal(.hubspot, ["dealstage": .string("closedwon")])["stage"] == .enumeration("closed_won"))
        #expect(deal(.pipedrive, ["stage_id": .string("Demo Scheduled"), "status": .string("open")])["stage"] == .enumeration("qualification"))
        #expect(deal(.pipedrive, ["stage_id": .string("Negotiations Started"), "status": .string("won")])["stage"] == .enumeration("closed_won"))
        #expect(deal(.pipedrive, ["stage_id": .string("Proposal Made"), "status": .string("lost")])["stage"] == .enumeration("closed_lost"))
        #expect(set.toRemote(.deal, .salesforce, canonical: ["stage": .enumeration("proposal")]) == ["StageName": .string("Proposal/Price Quote")])
        #expect(set.toRemote(.deal, .hubspot, canonical: ["stage": .enumeration("negotiation")]) == ["dealstage": .string("contractsent")])
        #expect(set.toRemote(.deal, .pipedrive, canonical: ["stage": .enumeration("proposal")])
            == ["stage_id": .string("Proposal Made"), "status": .string("open")])
        #expect(set.toRemote(.deal, .pipedrive, canonical: ["stage": .enumeration("closed_won")]) == ["status": .string("won")])
    }

    @Test func unknownStagesAreNotReported() {
        #expect(deal(.hubspot, ["dealstage": .string("custom_stage_123")])["stage"] == nil)
        #expect(deal(.salesforce, ["Name": .string("X")])["stage"] == nil, "absent fields are not reported")
    }

    @Test func moneySplitsIntoAmountAndCurrency() {
        #expect(deal(.salesforce, ["Amount": .number(1500.5), "CurrencyIsoCode": .string("eur")])["amount"]
            == .money(Money(amount: Decimal(string: "1500.5")!, currency: "EUR")))
        #expect(deal(.hubspot, ["amount": .string("1500.00"), "deal_currency_code": .string("")])["amount"]
            == .money(Money(amount: 1500, currency: "USD")), "no currency: the object's default")
        #expect(deal(.hubspot, ["amount": .string("")])["amount"] == .null)
        let remote = set.toRemote(.deal, .hubspot, canonical: ["amount": .money(Money(amount: Decimal(string: "99.90")!, currency: "GBP"))])
        #expect(remote == ["amount": .string("99.9"), "deal_currency_code": .string("GBP")], "HubSpot values are strings")
        #expect(set.toRemote(.deal, .pipedrive, canonical: ["amount": .money(Money(amount: 10, currency: "USD"))])
            == ["value": .number(10), "currency": .string("USD")])
    }

    @Test func datesAndDatetimes() {
        let june30 = FieldValue.date(CalendarDate(year: 2024, month: 6, day: 30))
        #expect(deal(.hubspot, ["closedate": .string("2024-06-30T00:00:00Z")])["close_date"] == june30)
        #expect(deal(.hubspot, ["closedate": .string("2024-06-30T00:00:00.000Z")])["close_date"] == june30)
        #expect(deal(.hubspot, ["closedate": .string("1719705600000")])["close_date"] == june30, "epoch ms")
        #expect(deal(.salesforce, ["CloseDate": .string("2024-06-30")])["close_date"] == june30)
        #expect(deal(.pipedrive, ["expected_close_date": .string("2024-06-30")])["close_date"] == june30)
        #expect(set.toRemote(.deal, .hubspot, canonical: ["close_date": june30]) == ["closedate": .string("2024-06-30T00:00:00.000Z")])
        #expect(set.toRemote(.deal, .salesforce, canonical: ["close_date": june30]) == ["CloseDate": .string("2024-06-30")])
    }

    @Test func datetimeSpellingsAgree() throws {
        let yaml = """
        object: activity
        fields:
          at:
            type: datetime
            salesforce: ActivityDate
            hubspot: {field: hs_timestamp, format: epoch_ms}
            pipedrive: {field: add_time, format: iso_seconds}
        """
        let set = try MappingSet(objects: [ObjectMapping.parse(yaml: yaml, file: "activity.yaml")])
        let instant = FieldValue.datetime(Date(timeIntervalSince1970: 1_719_741_072.345))
        for text in ["2024-06-30T09:51:12.345Z", "2024-06-30T09:51:12.345+0000", "2024-06-30T11:51:12.345+02:00", "1719741072345"] {
            #expect(set.toCanonical(.activity, .salesforce, remoteFields: ["ActivityDate": .string(text)])["at"] == instant, "\(text)")
        }
        #expect(set.toCanonical(.activity, .pipedrive, remoteFields: ["add_time": .string("2024-06-30 09:51:12")])["at"]
            == .datetime(Date(timeIntervalSince1970: 1_719_741_072)))
        #expect(set.toRemote(.activity, .salesforce, canonical: ["at": instant]) == ["ActivityDate": .string("2024-06-30T09:51:12.345Z")])
        #expect(set.toRemote(.activity, .hubspot, canonical: ["at": instant]) == ["hs_timestamp": .string("1719741072345")])
        #expect(set.toRemote(.activity, .pipedrive, canonical: ["at": instant]) == ["add_time": .string("2024-06-30T09:51:12Z")])
    }

    @Test func multiValuesAsListsOrJoinedStrings() throws {
        let yaml = """
        object: company
        fields:
          tags:
            type: multi
            policy: union
            salesforce: {field: Tags__c, separator: ";"}
            hubspot: {field: tags, separator: ";"}
            pipedrive: label_ids
        """
        let set = try MappingSet(objects: [ObjectMapping.parse(yaml: yaml, file: "company.yaml")])
        let tags = FieldValue.multi([.string("vip"), .string("emea")]).normalized
        #expect(set.toRemote(.company, .salesforce, canonical: ["tags": tags]) == ["Tags__c": .string("emea;vip")])
        #expect(set.toRemote(.company, .pipedrive, canonical: ["tags": tags]) == ["label_ids": .array([.string("emea"), .string("vip")])])
        #expect(set.toCanonical(.company, .hubspot, remoteFields: ["tags": .string("vip;emea;vip")])["tags"] == tags)
        #expect(set.toCanonical(.company, .pipedrive, remoteFields: ["label_ids": .array([])])["tags"] == .null)
        #expect(set.toCanonical(.company, .hubspot, remoteFields: ["tags": .string("")])["tags"] == .null)
    }

    @Test func probabilityScalesForHubSpotAndIsReadOnlyThere() {
        #expect(deal(.hubspot, ["hs_deal_stage_probability": .string("0.6")])["probability"] == .decimal(60))
        #expect(set.toRemote(.deal, .hubspot, canonical: ["probability": .decimal(60)]).isEmpty)
        #expect(set.toRemote(.deal, .salesforce, canonical: ["probability": .decimal(60)]) == ["Probability": .number(60)])
    }

    @Test func ownersFollowTheOwnerMap() {
        #expect(deal(.pipedrive, ["owner_id": .number(2)])["owner"] == .string(M.owner))
        #expect(set.toRemote(.deal, .pipedrive, canonical: ["owner": .string(M.owner)]) == ["owner_id": .number(2)])
        #expect(set.toRemote(.deal, .hubspot, canonical: ["owner": .string(M.owner)]) == ["hubspot_owner_id": .string("90001")])
        // An unknown owner keeps its id, and goes back only to the CRM it came from.
        let stranger = deal(.salesforce, ["OwnerId": .string("005XYZ")])["owner"]
        #expect(stranger == .string("salesforce:005XYZ"))
        #expect(set.toRemote(.deal, .salesforce, canonical: ["owner": stranger!]) == ["OwnerId": .string("005XYZ")])
        #expect(set.toRemote(.deal, .hubspot, canonical: ["owner": stranger!]).isEmpty)
        let write = set.remoteWrite(.deal, .hubspot, canonical: ["owner": stranger!, "name": .string("X")])
        #expect(write.unwritable == ["owner"], "the engine must not confirm this push")
        #expect(write.fields == ["dealname": .string("X")])
    }

    @Test func hookOutputIsWrittenButNeverRead() {
        let remote = set.toRemote(.deal, .pipedrive, canonical: ["score": .decimal(87), "risk": .string("stalled")])
        #expect(remote == ["DealSync Score": .number(87), "DealSync Risk": .string("stalled")])
        #expect(deal(.pipedrive, ["DealSync Score": .number(87)])["score"] == nil)
        #expect(set.lookups(.deal, .pipedrive)["DealSync Score"] == .customField)
        #expect(set.lookups(.deal, .pipedrive)["stage_id"] == .stageName)
    }

    @Test func pipedriveListsAndNestedAddresses() {
        let person = set.toCanonical(.contact, .pipedrive, remoteFields: [
            "emails": .array([.object(["value": .string("old@acme.example"), "primary": .bool(false)]),
                              .object(["value": .string("grace@acme.example"), "primary": .bool(true)])]),
        ])
        #expect(person["email"] == .string("grace@acme.example"))
        let org = set.toRemote(.company, .pipedrive, canonical: ["city": .string("Berlin"), "country": .string("DE")])
        #expect(org == ["address": .object(["locality": .string("Berlin"), "country": .string("DE")])])
        #expect(set.toCanonical(.company, .pipedrive, remoteFields: org) == ["city": .string("Berlin"), "country": .string("DE")])
    }

    @Test func pipedrivePersonNamesAreComposedAndSplit() {
        let person: [String: FieldValue] = ["first_name": .string("Grace"), "last_name": .string("Hopper"), "title": .string("RADM")]
        // Only the last name changed, yet Pipedrive's single `name` needs the first name too.
        let remote = set.toRemote(.contact, .pipedrive, canonical: person, only: ["last_name"])
        #expect(remote == ["name": .string("Grace Hopper")])
        #expect(set.toRemote(.contact, .pipedrive, canonical: person, only: ["title"]) == ["job_title": .string("RADM")])
        let back = set.toCanonical(.contact, .pipedrive, remoteFields: ["name": .string("Ada King Lovelace")])
        #expect(back == ["first_name": .string("Ada"), "last_name": .string("King Lovelace")])
        #expect(set.toCanonical(.contact, .pipedrive, remoteFields: ["name": .string("Cher")])["last_name"] == .null)
    }

    @Test func websitesBecomeDomains() {
        let c = set.toCanonical(.company, .salesforce, remoteFields: ["Website": .string("https://www.Acme.example/about")])
        #expect(c["domain"] == .string("acme.example"))
    }

    @Test func referencesNeedALink() {
        #expect(deal(.salesforce, ["AccountId": .string("001000000000001AAA")])["company"] == .reference(M.company))
        #expect(deal(.salesforce, ["AccountId": .string("001UNLINKED")])["company"] == nil)
        #expect(set.toRemote(.deal, .pipedrive, canonical: ["company": .reference(M.company)], references: M.links) == ["org_id": .number(17)])
    }

    @Test func connectorsLearnWhichFieldsToRequest() {
        let fields = set.remoteFieldNames(.deal, .salesforce)
        #expect(fields.contains("StageName") && fields.contains("CurrencyIsoCode") && fields.contains("DealSync_Id__c"))
        #expect(set.remoteFieldNames(.company, .pipedrive).contains("address"))
        #expect(set.remoteFieldNames(.deal, .pipedrive).contains("status"))
    }

    @Test func resolverRulesComeFromTheMappings() {
        let rules = set.resolverRules(.deal)
        #expect(rules["probability"]?.policy == .max)
        #expect(rules["probability"]?.pushKinds == ["salesforce", "pipedrive"], "HubSpot's probability is read-only")
        #expect(rules["stage"]?.policy == .latest(skew: 300, order: ["salesforce", "hubspot", "pipedrive"]))
        #expect(rules["name"]?.policy == .prefer(order: ["salesforce", "hubspot", "pipedrive"], unlessBlank: true))
        #expect(rules["score"]?.policy == .prefer(order: ["local"], unlessBlank: false))
        let context = set.resolverContext(.deal, replicas: [SourceID("sf"): "salesforce"])
        #expect(context.writes("score", to: SourceID("sf")))
        #expect(!context.writes("unmapped_field", to: SourceID("sf")))
    }
}
