import DealSyncCore
import DealSyncSync
import Foundation
import Testing

/// What an admin types for `conflicts resolve --value` becomes a typed value, and back.
@Suite struct FieldTextTests {
    let deal: ObjectMapping
    init() throws { deal = try MappingSet.load(directory: MappingFixture.directory).objects[.deal]! }

    func parse(_ field: String, _ text: String) throws -> FieldValue {
        try deal.field(field)!.value(fromText: text, defaultCurrency: deal.defaultCurrency)
    }

    @Test func typedValuesParseAndPrintBack() throws {
        let cases: [(String, String, FieldValue)] = [
            ("amount", "1500.50 EUR", .money(Money(amount: Decimal(string: "1500.5")!, currency: "EUR"))),
            ("stage", "closed_won", .enumeration("closed_won")),
            ("close_date", "2026-06-30", .date(CalendarDate(year: 2026, month: 6, day: 30))),
            ("probability", "42.5", .decimal(Decimal(string: "42.5")!)),
            ("name", "  Acme  ", .string("Acme")),
            ("name", "", .null),
        ]
        for (field, text, expected) in cases {
            let value = try parse(field, text)
            #expect(value == expected, "\(field) \(text)")
            #expect(try parse(field, FieldMapping.text(of: value)) == value)
        }
        #expect(try parse("amount", "99") == .money(Money(amount: 99, currency: "USD")))
    }

    @Test func wrongTextsAreRefusedNamingTheField() {
        for (field, text) in [("stage", "won"), ("amount", "lots"), ("close_date", "30/06/2026"), ("probability", "high")] {
            #expect(throws: MappingError.self, "\(field) \(text)") { try parse(field, text) }
        }
        do {
            _ = try parse("stage", "won")
        } catch let e as MappingError {
            #expect(e.path == "stage" && e.message.hasPrefix("`won` is not one of prospecting"))
        } catch {
            Issue.record("\(error)")
        }
    }
}
