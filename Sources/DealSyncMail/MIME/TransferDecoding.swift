/// Content-Transfer-Encoding decoders. Written by hand because Foundation's base64 decoder
/// rejects a whole body for one stray character, and mail needs "decode what is there and say
/// it was damaged".
public enum TransferDecoding {
    /// Decodes base64 or base64url, skipping whitespace. `valid` is false when characters
    /// outside the alphabet (other than whitespace) or a dangling final character were seen.
    public static func base64<C: Collection>(_ input: C) -> (bytes: [UInt8], valid: Bool) where C.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var valid = true
        var sawPadding = false
        for byte in input {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "="): sawPadding = true; continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): continue
            default: valid = false; continue
            }
            if sawPadding { valid = false }  // data after padding: concatenated or corrupt
            accumulator = (accumulator << 6) | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        if bits >= 6 { valid = false }  // one lone character cannot carry a byte
        return (output, valid)
    }

    /// Decodes quoted-printable (RFC 2045 §6.7). Soft line breaks are removed; an `=` not
    /// followed by two hex digits or a line break is kept literally and marks the input invalid.
    public static func quotedPrintable<C: Collection>(_ input: C, underscoreIsSpace: Bool = false)
        -> (bytes: [UInt8], valid: Bool) where C.Element == UInt8 {
        let bytes = Array(input)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var valid = true
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "=") {
                // Soft line break: "=" then optional trailing whitespace then CRLF or LF.
                var look = index + 1
                while look < bytes.count, bytes[look] == UInt8(ascii: " ") || bytes[look] == UInt8(ascii: "\t") { look += 1 }
                if look < bytes.count, bytes[look] == UInt8(ascii: "\r") { look += 1 }
                if look < bytes.count, bytes[look] == UInt8(ascii: "\n") { index = look + 1; continue }
                if look >= bytes.count { index = look; continue }
                if index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
                valid = false
                output.append(byte)
                index += 1
            } else if underscoreIsSpace, byte == UInt8(ascii: "_") {
                output.append(UInt8(ascii: " "))
                index += 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return (output, valid)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
