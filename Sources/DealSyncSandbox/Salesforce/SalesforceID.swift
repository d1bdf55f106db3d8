import Foundation

/// Salesforce record ids: a 3-character key prefix naming the object, 12 more characters, and
/// a 3-character suffix that encodes which of the first 15 characters are upper case, so an
/// 18-character id survives case-insensitive systems. The API always returns 18 characters
/// and accepts 15.
enum SalesforceID {
    private static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    private static let suffixAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")

    /// The id of the `serial`th record with `prefix`. The pod-like middle (`5g0`) is fixed; the
    /// serial fills the remaining nine characters in base 62, so ids sort by creation order.
    static func make(prefix: String, serial: Int) -> String {
        var digits: [Character] = []
        var n = serial
        for _ in 0..<9 {
            digits.append(base62[n % 62])
            n /= 62
        }
        let fifteen = prefix + "5g0" + String(digits.reversed())
        return fifteen + suffix(of: fifteen)
    }

    static func suffix(of fifteen: String) -> String {
        let chars = Array(fifteen)
        var out = ""
        for chunk in 0..<3 {
            var bits = 0
            for i in 0..<5 where chars[chunk * 5 + i].isASCII && chars[chunk * 5 + i].isUppercase {
                bits |= 1 << i
            }
            out.append(suffixAlphabet[bits])
        }
        return out
    }

    /// The canonical 18-character form of a 15- or 18-character id, or nil when `raw` cannot be
    /// an id at all (wrong length or characters).
    static func canonical(_ raw: String) -> String? {
        guard raw.count == 15 || raw.count == 18,
              raw.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        let fifteen = String(raw.prefix(15))
        return fifteen + suffix(of: fifteen)
    }

    static func keyPrefix(of id: String) -> String { String(id.prefix(3)) }
}
