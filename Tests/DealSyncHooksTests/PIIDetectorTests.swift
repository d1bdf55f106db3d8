import DealSyncHooks
import Testing

@Suite struct PIIDetectorTests {
    let detector = PIIDetector()

    func kinds(_ text: String) throws -> [PIIKind] { try detector.detect(text).map(\.kind) }

    @Test(arguments: [
        ("write to jane.doe@acme.com today", PIIKind.email),
        ("call +44 20 7946 0958", .phone),
        ("call (415) 555-0132", .phone),
        ("call 415.555.0199", .phone),
        ("card 4111 1111 1111 1111 ok", .creditCard),
        ("card 5500-0000-0000-0004", .creditCard),
        ("ssn 078-05-1120", .ssn),
        ("iban GB29NWBK60161331926819", .iban),
        ("iban DE89 3704 0044 0532 0130 00.", .iban),
        ("from 203.0.113.45", .ipAddress),
        ("from 2001:db8::1 and", .ipAddress),
        ("at 221 Baker Street", .streetAddress),
        ("at 500 W 33rd St, Suite 12", .streetAddress),
    ])
    func findsEachKind(text: String, kind: PIIKind) throws {
        #expect(try kinds(text) == [kind])
    }

    @Test(arguments: [
        "order 4111 1111 1111 1112",           // fails Luhn
        "ssn 666-12-3456 and 900-12-3456",     // areas never issued
        "iban DE00 3704 0044 0532 0130 00",    // wrong check digits
        "version 1.2.3.400, at 10:30:00",
        "closes 2025-06-30 for $125,000",
        "the Main Street entrance",
    ])
    func ignoresNearMisses(text: String) throws {
        #expect(try kinds(text).isEmpty)
    }

    @Test func checksumsFollowTheirStandards() {
        #expect(PIIChecksProbe.luhn("4012888888881881"))
        #expect(!PIIChecksProbe.luhn("4012888888881882"))
        #expect(try! PIIDetector().detect("NL91ABNA0417164300").first?.kind == .iban)
        #expect(try! PIIDetector().detect("NL92ABNA0417164300").isEmpty)
    }

    @Test func offsetsCountUnicodeScalarsAndRedactionUsesPlaceholders() throws {
        // "👋 " is one scalar and a space; UTF-16 would count three units, UTF-8 five bytes.
        let text = "👋 mail é.x@acme.com or call 415-555-0199"
        let r = try detector.redact(text)
        #expect(r.spans == [PIISpan(kind: .email, start: 7, end: 19), PIISpan(kind: .phone, start: 28, end: 40)])
        #expect(r.text == "👋 mail [EMAIL] or call [PHONE]")
        #expect(r.counts == [.email: 1, .phone: 1])
    }

    @Test func overlappingCandidatesKeepTheStrongerKind() throws {
        // A 16-digit Luhn-valid number with dashes could also read as a phone number.
        #expect(try kinds("pay 4242-4242-4242-4242 now") == [.creditCard])
    }

    @Test func refusesTextTooLongToScanInTime() {
        #expect(throws: PIIDetector.TooLong.self) { try PIIDetector(maxScalars: 10).detect(String(repeating: "a", count: 11)) }
    }
}

/// The Luhn check is internal; reach it through a 16-digit number in a sentence.
enum PIIChecksProbe {
    static func luhn(_ digits: String) -> Bool {
        (try? PIIDetector().detect("n \(digits) n").contains { $0.kind == .creditCard }) ?? false
    }
}
