import DealSyncCore
import DealSyncSync
import Foundation
import Testing

/// `mappings/activity.yaml` writes each CRM's native activity in the shape its connector sends
/// (DealSyncConnectorsTests/ActivityFixtures spells the same shapes against the emulators).
@Suite struct ActivityMappingTests {
    static let contact = RecordID("0190f5c2-7a3b-7cde-8f01-000000000101")!
    static let deal = RecordID("0190f5c2-7a3b-7cde-8f01-000000000102")!
    static let canonical: [String: FieldValue] = [
        "subject": .string("Re: pricing"), "description": .string("Can you send the order form?"),
        "date": .date(CalendarDate(year: 2026, month: 11, day: 20)), "channel": .enumeration("email"),
        "status": .enumeration("completed"), "contact": .reference(contact), "deal": .reference(deal),
    ]

    static var links: LinkTable {
        var t = MappingFixture.links
        t.link(contact, kind: .contact, crm: .salesforce, externalID: "003000000000001AAA")
        t.link(deal, kind: .deal, crm: .salesforce, externalID: "006000000000001AAA")
        t.link(contact, kind: .contact, crm: .hubspot, externalID: "1000000001")
        t.link(deal, kind: .deal, crm: .hubspot, externalID: "5000000001")
        t.link(contact, kind: .contact, crm: .pipedrive, externalID: "41")
        t.link(deal, kind: .deal, crm: .pipedrive, externalID: "7")
        return t
    }

    @Test func salesforceGetsATaskWithWhoAndWhat() throws {
        let remote = try MappingFixture.shipped().toRemote(.activity, .salesforce, canonical: Self.canonical, references: Self.links)
        #expect(remote["WhoId"] == .string("003000000000001AAA"))
        #expect(remote["WhatId"] == .string("006000000000001AAA"))
        #expect(remote["TaskSubtype"] == .string("Email"))
        #expect(remote["Status"] == .string("Completed"))
    }

    @Test func hubspotGetsAnEmailWithItsAssociationsApart() throws {
        let remote = try MappingFixture.shipped().toRemote(.activity, .hubspot, canonical: Self.canonical, references: Self.links)
        #expect(remote == [
            "hs_email_subject": .string("Re: pricing"), "hs_email_text": .string("Can you send the order form?"),
            "hs_timestamp": .string("1795132800000"),
            "associations": .object(["contact": .string("1000000001"), "deal": .string("5000000001")]),
        ])
    }

    @Test func pipedriveGetsAnEmailActivityLinkedByIds() throws {
        let remote = try MappingFixture.shipped().toRemote(.activity, .pipedrive, canonical: Self.canonical, references: Self.links)
        #expect(remote == [
            "subject": .string("Re: pricing"), "note": .string("Can you send the order form?"), "due_date": .string("2026-11-20"),
            "type": .string("email"), "done": .string("true"), "person_id": .number(41), "deal_id": .number(7),
        ])
    }

    @Test func anUnlinkedContactIsLeftOutRatherThanGuessed() throws {
        let write = try MappingFixture.shipped().remoteWrite(.activity, .pipedrive, canonical: Self.canonical, references: MappingFixture.links)
        #expect(write.fields["person_id"] == nil && write.fields["deal_id"] == nil)
        #expect(write.unwritable == ["contact", "deal"])
    }
}
