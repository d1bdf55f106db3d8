import DealSyncCore
import Foundation

/// The Clearbit-style client: `GET {base}/v2/companies/find?domain=…` with a bearer key. It
/// never throws: every answer is a profile, "no such company", or a lookup to try again later,
/// so enrichment goes on without a company when the service is throttled or down.
public struct CompanyLookup: Sendable {
    public enum Outcome: Sendable, Hashable {
        case found(CompanyProfile)
        /// The service knows no company at this domain (404), or the domain is not one (422).
        case unknown
        /// Try again no earlier than `after` (the service's own reset time when it gave one).
        case deferred(after: Date?, reason: String)
    }

    public let baseURL: String
    let apiKey: String
    let perform: HTTPPerform
    let now: @Sendable () -> Date

    public init(baseURL: String, apiKey: String, perform: @escaping HTTPPerform,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.perform = perform
        self.now = now
    }

    public func find(domain: String) async -> Outcome {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+")
        let query = domain.addingPercentEncoding(withAllowedCharacters: allowed) ?? domain
        let response: HTTPExchangeResponse
        do {
            response = try await perform(HTTPExchangeRequest(
                url: "\(baseURL)/v2/companies/find?domain=\(query)",
                headers: ["Authorization": "Bearer \(apiKey)", "Accept": "application/json"]))
        } catch {
            return .deferred(after: nil, reason: "unreachable")
        }
        switch response.status {
        case 200:
            guard let wire = try? JSONDecoder().decode(CompanyProfile.Wire.self, from: response.body) else {
                return .deferred(after: nil, reason: "malformed")
            }
            return .found(CompanyProfile(wire: wire, domain: domain))
        case 202:
            // Clearbit is researching the domain: ask again in a few minutes.
            return .deferred(after: now().addingTimeInterval(300), reason: "queued")
        case 404, 422:
            return .unknown
        case 429:
            return .deferred(after: resetTime(response), reason: "rate_limited")
        case 401, 403:
            return .deferred(after: nil, reason: "auth")
        default:
            return .deferred(after: nil, reason: "http_\(response.status)")
        }
    }

    /// Clearbit sends no Retry-After: `x-ratelimit-reset` is the window's end in epoch seconds.
    func resetTime(_ response: HTTPExchangeResponse) -> Date? {
        if let seconds = response.header("Retry-After").flatMap(Double.init) { return now().addingTimeInterval(seconds) }
        return response.header("x-ratelimit-reset").flatMap(Double.init).map { Date(timeIntervalSince1970: $0) }
    }
}
