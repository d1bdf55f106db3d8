import Foundation

/// The Swift face of the `/__sandbox/` routes, for tests and the in-process demo.
extension Sandbox {
    /// Changes a record as a person in that CRM would (see `SeededEmulator.applyHumanEdit`).
    @discardableResult
    public func edit(_ service: String, _ edit: SandboxEdit) async throws -> JSONValue {
        guard let seeded = try serviceHost(service).seeded else { throw SandboxError("\(service) has no records to edit") }
        return try await seeded.applyHumanEdit(edit)
    }

    /// Where the service delivers webhooks; nil stops them.
    public func setWebhookTarget(service: String, url: String?) async throws {
        guard let seeded = try serviceHost(service).seeded else { throw SandboxError("\(service) sends no webhooks") }
        await seeded.setWebhookTarget(url)
    }

    public func addFault(_ rule: FaultRule, service: String) throws { try serviceHost(service).addFault(rule) }
    public func setFaults(_ rules: [FaultRule], service: String) throws { try serviceHost(service).setFaults(rules) }
    public func clearFaults(service: String) throws { try serviceHost(service).clearFaults() }
    public func faults(service: String) throws -> [FaultRule] { try serviceHost(service).faults }

    /// Requests the service served, oldest first; `since` skips the first n (counted since the last clear).
    public func requests(service: String, since: Int = 0) throws -> [RequestLogEntry] {
        try serviceHost(service).requests(since: since)
    }

    public func clearRequests(service: String) throws { try serviceHost(service).clearRequests() }

    /// Moves every emulator's clock forward, e.g. past an access token's lifetime.
    public func advanceClock(by seconds: TimeInterval) { clock.advance(by: seconds) }
}
