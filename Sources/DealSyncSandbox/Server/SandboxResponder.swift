import Foundation
import Hummingbird

/// Routes each request by its first path component to that service's host, stripping the
/// prefix so emulators see the real API's path layout.
struct SandboxResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let hosts: [String: ServiceHost]
    /// Bodies above this are refused; the largest real request (a 200-record Salesforce
    /// composite call) is well under 16 MiB.
    let maxBodyBytes = 64 << 20

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        let trimmed = path.drop(while: { $0 == "/" })
        let service = String(trimmed.prefix(while: { $0 != "/" }))
        guard let host = hosts[service] else {
            return Self.response(ServiceHost.controlError(404, "no emulated service named \"\(service)\"; try one of \(hosts.keys.sorted())"))
        }
        var below = String(trimmed.dropFirst(service.count))
        if below.isEmpty { below = "/" }
        let body = try await request.body.collect(upTo: maxBodyBytes)
        let rawQuery = request.uri.query.flatMap { $0.isEmpty ? nil : $0 }
        var headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
        // HTTPTypes moves `Host` into the `:authority` pseudo-header; emulators that build absolute
        // URLs (Salesforce `instance_url`, Pipedrive `api_domain`) read it as the client sent it.
        if let authority = request.head.authority { headers.insert((name: "Host", value: authority), at: 0) }
        let sandboxRequest = SandboxRequest(
            method: request.method.rawValue, path: below, query: Self.queryItems(rawQuery),
            headers: headers, body: Data(body.readableBytesView))
        return Self.response(await host.serve(sandboxRequest, rawQuery: rawQuery))
    }

    /// Form-style decoding (`+` is a space), keeping order and repeated names, since SOQL
    /// queries arrive as `q=SELECT+Id+FROM+…` and HubSpot repeats `properties=`.
    static func queryItems(_ raw: String?) -> [SandboxQueryItem] {
        guard let raw else { return [] }
        return raw.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return SandboxQueryItem(name: decode(kv[0]), value: kv.count > 1 ? decode(kv[1]) : "")
        }
    }

    static func response(_ r: SandboxResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in r.headers {
            guard let fieldName = HTTPFields.Element.Name(name) else { continue }
            fields.append(HTTPFields.Element(name: fieldName, value: value))
        }
        return Response(status: .init(code: r.status), headers: fields,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: r.body)))
    }
}
