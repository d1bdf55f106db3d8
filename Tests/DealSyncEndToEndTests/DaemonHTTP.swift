import AsyncHTTPClient
import Foundation
import NIOCore

/// A GET against the daemon's HTTP listener: status and body text.
func daemonGET(_ port: Int, _ path: String) async throws -> (status: Int, body: String) {
    let response = try await HTTPClient.shared.execute(
        HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(5))
    let body = try await response.body.collect(upTo: 4 << 20)
    return (Int(response.status.code), String(buffer: body))
}

/// Parses Prometheus text exposition (format 0.0.4) into `series → value`, failing on any
/// line that is neither a comment nor `name{labels} value`.
func parsePrometheus(_ text: String) throws -> [String: Double] {
    var samples: [String: Double] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
        guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
            throw DaemonTestError("not a sample line: \(line)")
        }
        let series = String(line[..<space])
        let name = series.prefix { $0 != "{" }
        guard let first = name.first, first.isLetter || first == "_",
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }),
            series == name || (series.hasSuffix("}") && series.dropFirst(name.count).hasPrefix("{"))
        else { throw DaemonTestError("bad series name: \(series)") }
        samples[series] = value
    }
    return samples
}
