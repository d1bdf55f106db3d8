import Foundation

/// What the server does to one request, decided before the emulator sees it.
struct FaultDecision: Sendable, Equatable {
    enum Action: Sendable, Equatable {
        case pass, revoke, hang, throttle(retryAfterSeconds: Int), error(status: Int), malformed, truncate
    }
    var latency: Duration = .zero
    var action: Action = .pass
}

/// The fault rules of one service and the seeded generator that draws against their rates.
/// A value type: `decide` returns the decision and the server performs it, so tests need no socket.
struct FaultPlan: Sendable {
    private(set) var rules: [FaultRule] = []
    private var random: SeedRandom

    init(seed: UInt64, service: String) { random = SeedRandom(seed: seed, stream: "faults/" + service) }

    mutating func add(_ rule: FaultRule) { rules.append(rule) }
    mutating func replace(with rules: [FaultRule]) { self.rules = rules }
    mutating func clear() { rules.removeAll() }

    /// Rules are tried in the order they were added; latencies add up, and the first rule whose
    /// draw fires picks the action. Within a rule: revoke, hang, throttle, error, malformed, truncate.
    mutating func decide(method: String, path: String, authenticated: Bool) -> FaultDecision {
        var decision = FaultDecision()
        var i = 0
        while i < rules.count {
            guard rules[i].matches(method: method, path: path) else { i += 1; continue }
            let rule = rules[i]
            decision.latency += rule.latency
            if decision.action == .pass { decision.action = draw(rule, authenticated: authenticated) }
            if let left = rule.remaining {
                if left <= 1 { rules.remove(at: i); continue }
                rules[i].remaining = left - 1
            }
            i += 1
        }
        return decision
    }

    private mutating func draw(_ rule: FaultRule, authenticated: Bool) -> FaultDecision.Action {
        if rule.revokeTokens && authenticated { return .revoke }
        if fires(rule.hangRate) { return .hang }
        if fires(rule.throttleRate) { return .throttle(retryAfterSeconds: rule.retryAfterSeconds) }
        if fires(rule.errorRate) { return .error(status: random.pick(rule.errorStatuses)) }
        if fires(rule.malformedRate) { return .malformed }
        if fires(rule.truncateRate) { return .truncate }
        return .pass
    }

    /// Rate 1 always fires and 0 never does without consuming a draw, so fixed rules do not shift
    /// the sequence that probabilistic ones see.
    private mutating func fires(_ rate: Double) -> Bool {
        if rate <= 0 { return false }
        if rate >= 1 { return true }
        return random.chance(rate)
    }
}

extension SandboxResponse {
    /// The bare page a load balancer answers with when the service behind it fails.
    static func gatewayError(_ status: Int) -> SandboxResponse {
        let reason = [500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
                      504: "Gateway Timeout"][status] ?? "Error"
        let html = "<html><head><title>\(status) \(reason)</title></head><body><h1>\(status) \(reason)</h1></body></html>\n"
        return SandboxResponse(status: status, headers: [("Content-Type", "text/html")], body: Data(html.utf8))
    }

    /// The same response with a body no JSON parser accepts.
    func malformed() -> SandboxResponse {
        var copy = self
        let half = body.prefix(body.count / 2)
        copy.body = Data(half) + Data("<!-- upstream reset -->\u{0}{\"".utf8)
        return copy
    }

    /// The same response with only the first half of its body.
    func truncated() -> SandboxResponse {
        var copy = self
        copy.body = Data(body.prefix(max(0, body.count / 2)))
        return copy
    }
}
