import DealSyncCore
import Foundation
import Testing

@Suite struct FieldValueTests {
    static func randomValue(_ rng: inout SplitMix64, depth: Int = 0) -> FieldValue {
        let pick = Int.random(in: 0..<(depth == 0 ? 10 : 9), using: &rng)
        let n = Int.random(in: -99_999...99_999, using: &rng)
        switch pick {
        case 0: return .null
        case 1: return .string(["  Acme  ", "Globex", "", " x", "Ünïcode ✓"][abs(n) % 5])
        case 2: return .money(Money(amount: Decimal(n) / 100, currency: ["usd", "EUR", "gbp"][abs(n) % 3]))
        case 3: return .decimal(Decimal(n) / 1000)
        case 4: return .date(CalendarDate(year: 2020 + abs(n) % 10, month: 1 + abs(n) % 12, day: 1 + abs(n) % 28))
        case 5: return .datetime(Date(timeIntervalSince1970: 1_700_000_000 + Double(n) * 1.0001234))
        case 6: return .enumeration(["prospecting", "closed_won"][abs(n) % 2])
        case 7: return .reference(RecordID(uuid: UUIDv7.make(milliseconds: UInt64(abs(n)), using: &rng)))
        case 8: return .bool(n % 2 == 0)
        default:
            return .multi((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(&rng, depth: 1) })
        }
    }

    @Test(arguments: Array(UInt64(1)...200)) func codableRoundTripPreservesNormalisedValue(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let value = Self.randomValue(&rng).normalized
        let data = try JSONEncoder().encode(value)
        let back = try JSONDecoder().decode(FieldValue.self, from: data)
        #expect(back.normalized == value, "seed \(seed): \(String(decoding: data, as: UTF8.self))")
    }

    @Test(arguments: Array(UInt64(1)...200)) func normalisationIsIdempotent(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let value = Self.randomValue(&rng)
        #expect(value.normalized.normalized == value.normalized, "seed \(seed)")
    }

    @Test func multiIsSortedUniqueAndWithoutBlanks() {
        let v = FieldValue.multi([.string("b"), .string(" a "), .string("b"), .string("  "), .null]).normalized
        #expect(v == .multi([.string("a"), .string("b")]))
        let shuffled = FieldValue.multi([.string("a"), .string("b")]).normalized
        #expect(FieldValue.multi([.string("b"), .string("a")]).normalized == shuffled)
    }

    @Test func stringsAreTrimmedAndBlankBecomesNull() {
        #expect(FieldValue.string("  Acme Corp \n").normalized == .string("Acme Corp"))
        #expect(FieldValue.string(" \t ").normalized == .null)
        #expect(FieldValue.string("").isBlank)
        #expect(!FieldValue.bool(false).isBlank)
    }

    @Test func datetimesKeepMilliseconds() {
        let a = FieldValue.datetime(Date(timeIntervalSince1970: 1_700_000_000.123_4)).normalized
        let b = FieldValue.datetime(Date(timeIntervalSince1970: 1_700_000_000.123_2)).normalized
        #expect(a == b)
        #expect(a != FieldValue.datetime(Date(timeIntervalSince1970: 1_700_000_000.124)).normalized)
    }

    @Test func moneyKeepsExactDecimalsAndUppercaseCurrency() throws {
        let m = FieldValue.money(Money(amount: Decimal(string: "0.1")! + Decimal(string: "0.2")!, currency: "eur"))
        let json = String(decoding: try JSONEncoder().encode(m), as: UTF8.self)
        #expect(json.contains("\"0.3\""))
        #expect(json.contains("EUR"))
    }

    @Test func sortKeyOrdersNumbersNumerically() {
        let values: [Decimal] = [-5, -0.5, 0, 2, 10, 100.25]
        let keys = values.map { FieldValue.decimal($0).sortKey }
        #expect(keys == keys.sorted())
    }

    @Test func unknownTagIsAnError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(FieldValue.self, from: Data(#"{"t":"blob","v":"x"}"#.utf8))
        }
    }
}
