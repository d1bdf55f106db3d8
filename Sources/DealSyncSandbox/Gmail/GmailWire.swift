import Foundation

/// Gmail's JSON shapes and error envelopes, written independently of the daemon's reader.
enum GmailWire {
    static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64url(_ text: String) -> Data? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard)
    }

    /// Google's standard error body.
    static func error(_ code: Int, _ message: String, reason: String, status: String, domain: String = "global") -> SandboxResponse {
        .json(code, .object([
            "error": .object([
                "code": .number(Double(code)), "message": .string(message), "status": .string(status),
                "errors": .array([.object(["message": .string(message), "domain": .string(domain), "reason": .string(reason)])]),
            ]),
        ]))
    }

    static func notFound() -> SandboxResponse {
        error(404, "Requested entity was not found.", reason: "notFound", status: "NOT_FOUND")
    }

    static func badRequest(_ message: String) -> SandboxResponse {
        error(400, message, reason: "invalidArgument", status: "INVALID_ARGUMENT")
    }

    /// The resource for `format` (full, metadata, minimal, raw).
    static func message(_ stored: GmailStoredMessage, format: String, metadataHeaders: [String]) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(stored.id), "threadId": .string(stored.threadId),
            "labelIds": .array(stored.labelIds.map(JSONValue.string)),
            "historyId": .string(String(stored.historyId)), "internalDate": .string(String(stored.internalDate)),
            "sizeEstimate": .number(Double(stored.raw.count)),
        ]
        let (headers, body) = split(stored.raw)
        let snippet = String(decoding: body.prefix(200), as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: " ").trimmingCharacters(in: .whitespaces)
        object["snippet"] = .string(snippet)
        switch format {
        case "raw":
            object["raw"] = .string(base64url(stored.raw))
        case "minimal":
            break
        case "metadata":
            let wanted = Set(metadataHeaders.map { $0.lowercased() })
            let shown = wanted.isEmpty ? headers : headers.filter { wanted.contains($0.name.lowercased()) }
            object["payload"] = .object(["mimeType": .string(contentType(headers)), "headers": headerArray(shown)])
        default:
            object["payload"] = .object([
                "partId": "", "mimeType": .string(contentType(headers)), "filename": "",
                "headers": headerArray(headers),
                "body": .object(["size": .number(Double(body.count)), "data": .string(base64url(body))]),
            ])
        }
        return .object(object)
    }

    private static func headerArray(_ headers: [(name: String, value: String)]) -> JSONValue {
        .array(headers.map { .object(["name": .string($0.name), "value": .string($0.value)]) })
    }

    private static func contentType(_ headers: [(name: String, value: String)]) -> String {
        let value = headers.first { $0.name.lowercased() == "content-type" }?.value ?? "text/plain"
        return value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? "text/plain"
    }

    /// Unfolded header fields and the body bytes of a stored message.
    static func split(_ raw: Data) -> (headers: [(name: String, value: String)], body: Data) {
        let bytes = [UInt8](raw)
        var end = bytes.count
        var bodyStart = bytes.count
        for index in bytes.indices where bytes[index] == 0x0A {
            let next = index + 1
            if next < bytes.count, bytes[next] == 0x0A { end = index; bodyStart = next + 1; break }
            if next + 1 < bytes.count, bytes[next] == 0x0D, bytes[next + 1] == 0x0A { end = index; bodyStart = next + 2; break }
        }
        let text = String(decoding: bytes[..<end], as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        var headers: [(name: String, value: String)] = []
        for line in text.split(separator: "\n") {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespacesAndNewlines)
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)))
            }
        }
        return (headers, Data(bytes[min(bodyStart, bytes.count)...]))
    }
}
