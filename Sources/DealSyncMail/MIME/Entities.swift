/// HTML character references: numeric (`&#233;`, `&#xE9;`) and the named ones mail uses.
enum Entities {
    /// Decodes the reference starting at `index` (an `&`). Returns the text and the index
    /// after it; an unknown or unterminated reference is kept as a literal `&`.
    static func decode(_ scalars: [Unicode.Scalar], at index: Int) -> (String, Int) {
        var end = index + 1
        while end < scalars.count, end - index <= 10, scalars[end] != ";", scalars[end].properties.isAlphabetic || scalars[end] == "#" || ("0"..."9").contains(scalars[end]) {
            end += 1
        }
        guard end < scalars.count, scalars[end] == ";" else { return ("&", index + 1) }
        let name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            if let value, let scalar = Unicode.Scalar(value), value != 0 {
                // Numeric references in 0x80–0x9F mean Windows-1252, as browsers read them.
                let mapped = value >= 0x80 && value <= 0x9F ? Charset.windows1252Scalar(UInt8(value)) : scalar
                return (String(mapped), end + 1)
            }
            return ("\u{FFFD}", end + 1)
        }
        if let text = named[name] ?? named[name.lowercased()] { return (text, end + 1) }
        return ("&", index + 1)
    }

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "copy": "©", "reg": "®", "trade": "™", "euro": "€", "pound": "£", "yen": "¥", "cent": "¢",
        "mdash": "—", "ndash": "–", "hellip": "…", "bull": "•", "middot": "·",
        "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»",
        "eacute": "é", "egrave": "è", "agrave": "à", "aacute": "á", "ccedil": "ç", "uuml": "ü",
        "ouml": "ö", "auml": "ä", "szlig": "ß", "ntilde": "ñ", "iacute": "í", "oacute": "ó",
        "uacute": "ú", "deg": "°", "times": "×", "zwnj": "\u{200C}", "zwj": "\u{200D}", "shy": "",
    ]
}
