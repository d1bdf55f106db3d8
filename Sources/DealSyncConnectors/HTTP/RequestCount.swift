import Synchronization

/// The API requests made inside one piece of work, counted by every `APIClient` call in the task
/// and its children. The queue charges a batch's budget with what it really cost: a Salesforce
/// batch of conditional updates is one request per record, not one per batch.
public final class RequestCount: Sendable {
    @TaskLocal static var current: RequestCount?
    private let count = Mutex(0)

    public init() {}

    public var value: Int { count.withLock { $0 } }

    func add() { count.withLock { $0 += 1 } }

    /// Runs `body`, counting the requests it makes; `value` holds the count even when it throws.
    public func measure<T>(_ body: () async throws -> T) async rethrows -> T {
        try await Self.$current.withValue(self) { try await body() }
    }
}
