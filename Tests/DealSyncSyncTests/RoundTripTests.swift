import DealSyncCore
import DealSyncSync
import Foundation
import Testing

/// canonical → remote → canonical is the identity for every field a CRM both reads and writes.
@Suite struct RoundTripTests {
    typealias M = MappingFixture
    static let stages = ["prospecting", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"]

    static func deal(stage: String) -> [String: FieldValue] {
        [
            "name": .string("Acme renewal"),
            "amount": .money(Money(amount: Decimal(string: "1500.50")!, currency: "EUR")),
            "stage": .enumeration(stage),
            "close_date": .date(CalendarDate(year: 2026, month: 6, day: 30)),
            "probability": .decimal(40),
            "owner": .string(M.owner),
            "company": .reference(M.company),
            "dealsync_id": .string("0190f5c2-0000-7000-8000-000000000001"),
        ]
    }

    static let contact: [String: FieldValue] = [
        "first_name": .string("Grace"), "last_name": .string("Hopper"), "email": .string("grace@acme.example"),
        "phone": .string("+1 415 555 0100"), "title": .string("VP Engineering"), "company": .reference(M.company),
        "dealsync_id": .string("0190f5c2-0000-7000-8000-000000000002"),
    ]

    static let company: [String: FieldValue] = [
        "name": .string("Acme Corp"), "domain": .string("acme.example"), "industry": .string("Software"),
        "employees": .decimal(250), "city": .string("Berlin"), "country": .string("DE"),
        "dealsync_id": .string("0190f5c2-0000-7000-8000-000000000003"),
    ]

    /// The fields of `canonical` that `crm` reads and writes.
    func roundTrippable(_ set: MappingSet, _ kind: RecordKind, _ crm: CRMKind, _ canonical: [String: FieldValue]) -> [String: FieldValue] {
        let object = set.objects[kind]!
        return canonical.filter { name, _ in
            guard let binding = object.field(name)?.bindings[crm] else { return false }
            return binding.direction == .both
        }
    }

    func check(_ kind: RecordKind, _ crm: CRMKind, _ canonical: [String: FieldValue]) throws {
        let set = try M.shipped()
        let remote = set.toRemote(kind, crm, canonical: canonical, references: M.links)
        let back = set.toCanonical(kind, crm, remoteFields: remote, references: M.links)
        #expect(back == roundTrippable(set, kind, crm, canonical), "\(kind) via \(crm): \(remote)")
    }

    @Test(arguments: CRMKind.allCases, stages) func deals(crm: CRMKind, stage: String) throws {
        try check(.deal, crm, Self.deal(stage: stage))
    }

    @Test(arguments: CRMKind.allCases) func contacts(crm: CRMKind) throws {
        try check(.contact, crm, Self.contact)
    }

    @Test(arguments: CRMKind.allCases) func companies(crm: CRMKind) throws {
        try check(.company, crm, Self.company)
    }

    @Test func activitiesAreWrittenToSalesforceAsTasks() throws {
        let set = try M.shipped()
        var links = M.links
        let deal = RecordID("0190f5c2-7a3b-7cde-8f01-000000000006")!
        links.link(deal, kind: .deal, crm: .salesforce, externalID: "006000000000001AAA")
        let remote = set.toRemote(.activity, .salesforce, canonical: [
            "subject": .string("Re: pricing"), "date": .date(CalendarDate(year: 2026, month: 1, day: 5)),
            "channel": .enumeration("email"), "status": .enumeration("completed"), "deal": .reference(deal),
        ], references: links)
        #expect(remote == ["Subject": .string("Re: pricing"), "ActivityDate": .string("2026-01-05"), "TaskSubtype": .string("Email"),
                           "Status": .string("Completed"), "WhatId": .string("006000000000001AAA")])
        #expect(set.toCanonical(.activity, .salesforce, remoteFields: remote).isEmpty, "activities are never read back")
    }

    @Test(arguments: CRMKind.allCases) func blanksRoundTripAsNull(crm: CRMKind) throws {
        let canonical: [String: FieldValue] = ["name": .null, "amount": .null, "close_date": .null, "stage": .null]
        try check(.deal, crm, canonical)
    }

    @Test func everyReadWriteFieldOfTheSamplesIsExercised() throws {
        // Guards the round trips above against silently covering nothing.
        let set = try M.shipped()
        #expect(roundTrippable(set, .deal, .salesforce, Self.deal(stage: "proposal")).count == 8)
        #expect(roundTrippable(set, .deal, .hubspot, Self.deal(stage: "proposal")).count == 6)
        #expect(roundTrippable(set, .deal, .pipedrive, Self.deal(stage: "proposal")).count == 8)
        #expect(roundTrippable(set, .contact, .pipedrive, Self.contact).count == 6)
        #expect(roundTrippable(set, .contact, .hubspot, Self.contact).count == 7)
    }
}
