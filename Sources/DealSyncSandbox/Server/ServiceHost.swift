import Foundation
import Synchronization

/// Wraps one emulator with the machinery every service shares: the request log, fault
/// injection and the `/__sandbox/` control routes. Emulators never see the control routes
/// (except ones they serve themselves, such as Slack's `/__sandbox/messages`).
final class ServiceHost: Sendable {
    let emulator: any Emulator
    let hangLimit: Duration
    /// Requests arrive on every event-loop thread; the lock guards only O(1) appends and rule
    /// draws and is never held across an `await`.
    private let state: Mutex<State>
    private let stopping = Atomic<Bool>(false)

    struct State: Sendable {
        var log: RequestLog
        var faults: FaultPlan
    }

    init(emulator: any Emulator, seed: UInt64, logCapacity: Int, hangLimit: Duration, faults: [FaultRule] = []) {
        self.emulator = emulator
        self.hangLimit = hangLimit
        var plan = FaultPlan(seed: seed, service: emulator.service)
        plan.replace(with: faults)
        state = Mutex(State(log: RequestLog(capacity: logCapacity), faults: plan))
    }

    var service: String { emulator.service }
    var seeded: (any SeededEmulator)? { emulator as? any SeededEmulator }

    func serve(_ request: SandboxRequest, rawQuery: String?) async -> SandboxResponse {
        if request.path.hasPrefix("/__sandbox/") || request.path == "/__sandbox" {
            return await control(request)
        }
        let decision = state.withLock {
            $0.faults.decide(method: request.method, path: request.path, authenticated: Self.carriesCredential(request))
        }
        if decision.latency > .zero { try? await Task.sleep(for: decision.latency) }
        let response: SandboxResponse
        switch decision.action {
        case .pass: response = await emulator.handle(request)
        case .revoke: response = emulator.unauthorizedResponse()
        case .hang:
            await hang()
            response = .gatewayError(504)
        case .throttle(let seconds): response = emulator.rateLimitedResponse(retryAfterSeconds: seconds)
        case .error(let status): response = .gatewayError(status)
        case .malformed: response = await emulator.handle(request).malformed()
        case .truncate: response = await emulator.handle(request).truncated()
        }
        let entry = RequestLogEntry(method: request.method, path: request.path, query: rawQuery, status: response.status)
        state.withLock { $0.log.append(entry) }
        return response
    }

    /// Waits until the cap, shutdown or cancellation, whichever comes first; the client has
    /// normally timed out long before.
    private func hang() async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: hangLimit)
        while clock.now < deadline, !stopping.load(ordering: .relaxed), !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    func stop() { stopping.store(true, ordering: .relaxed) }

    /// A credential in any of the places the emulated APIs accept one.
    static func carriesCredential(_ request: SandboxRequest) -> Bool {
        request.header("Authorization") != nil || request.header("x-api-token") != nil
            || request.queryValue("api_token") != nil || request.queryValue("access_token") != nil
    }

    // MARK: request log and faults, for the Swift API and the control routes

    func requests(since: Int = 0) -> [RequestLogEntry] { state.withLock { $0.log.entries(since: since) } }
    func clearRequests() { state.withLock { $0.log.clear() } }
    var faults: [FaultRule] { state.withLock { $0.faults.rules } }
    func addFault(_ rule: FaultRule) { state.withLock { $0.faults.add(rule) } }
    func setFaults(_ rules: [FaultRule]) { state.withLock { $0.faults.replace(with: rules) } }
    func clearFaults() { state.withLock { $0.faults.clear() } }
}
