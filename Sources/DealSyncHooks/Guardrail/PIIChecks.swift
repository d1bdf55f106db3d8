/// Checksums and range checks that turn a digit pattern into a finding. Without them every
/// order number would be a card and every version string an address.
enum PIIChecks {
    /// The Luhn check every payment card number passes.
    static func luhn(_ digits: [Int]) -> Bool {
        guard digits.count >= 13, digits.count <= 19 else { return false }
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            if i % 2 == 1 {
                let doubled = d * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += d
            }
        }
        return sum % 10 == 0
    }

    /// ISO 13616: move the first four characters to the end, letters to 10…35, mod 97 == 1.
    static func iban(_ text: Substring) -> Bool {
        let compact = text.filter { $0 != " " }.uppercased()
        guard compact.count >= 15, compact.count <= 34 else { return false }
        let rearranged = compact.dropFirst(4) + compact.prefix(4)
        var remainder = 0
        for ch in rearranged.unicodeScalars {
            let value: Int
            switch ch.value {
            case 48...57: value = Int(ch.value - 48)
            case 65...90: value = Int(ch.value - 55)
            default: return false
            }
            remainder = (value < 10 ? remainder * 10 + value : remainder * 100 + value) % 97
        }
        return remainder == 1
    }

    /// US SSNs never use area 000, 666 or 900–999, group 00 or serial 0000.
    static func ssn(_ text: Substring) -> Bool {
        let d = text.compactMap(\.wholeNumberValue)
        guard d.count == 9 else { return false }
        let area = d[0] * 100 + d[1] * 10 + d[2]
        let group = d[3] * 10 + d[4]
        let serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8]
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }

    static func ipv4(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in
            guard let v = Int(p), p.count <= 3 else { return false }
            return v <= 255 && (p.count == 1 || p.first != "0")
        }
    }

    /// RFC 4291 text form without an embedded IPv4 tail: eight groups, or fewer with one `::`.
    static func ipv6(_ text: Substring) -> Bool {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        let groups = halves.map { $0.isEmpty ? [] : $0.split(separator: ":", omittingEmptySubsequences: false) }
        let all = groups.flatMap { $0 }
        guard all.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy(\.isHexDigit) }) else { return false }
        return halves.count == 2 ? all.count <= 7 : all.count == 8
    }

    /// Phone numbers carry 7 to 15 digits (E.164 allows at most 15).
    static func phone(_ text: Substring) -> Bool {
        (7...15).contains(text.filter(\.isNumber).count)
    }

    static func card(_ text: Substring) -> Bool {
        luhn(text.compactMap(\.wholeNumberValue))
    }
}
