import DealSyncCore
import DealSyncStore
import Foundation

/// One source account's request budget: a burst window and a daily quota, both with a share
/// that backfill may not touch, so urgent and ordinary changes always find room. A pure value: `acquire` returns a decision, the worker waits.
///
/// The burst window is kept as a log of request times, not a refilling bucket: APIs such as
/// HubSpot count a rolling window, and a bucket refilled at limit/window lets through up to twice
/// the limit in one such window, which would earn 429s. The log is exact and at most `burstLimit`
/// long.
public struct TokenBucket: Sendable {
    public enum Decision: Sendable, Hashable {
        case granted
        /// Not now; ask again at `until`. `reason` is `burst`, `daily` or `paused`.
        case wait(until: Date, reason: String)
    }

    public private(set) var config: RateBudgetConfig
    /// Send times of the requests still inside the burst window, oldest first.
    private var sent: [Date] = []
    /// Requests we sent in the current day window, and when that window started.
    public private(set) var usedToday = 0
    private var dayStart: Date?
    /// What the API last said remains of the daily quota, minus what we sent since.
    public private(set) var dailyRemaining: Int?
    /// Until when the API told us to stop (429, Retry-After, reset).
    public private(set) var pausedUntil: Date?

    public init(config: RateBudgetConfig) {
        self.config = config
    }

    /// Everything but backfill may spend the reserved share.
    public static func mayUseReserve(_ priority: JobPriority) -> Bool { priority > .backfill }

    private func reserve(of amount: Int) -> Int { Int((Double(amount) * config.reservedShare).rounded(.down)) }

    /// The window as we keep it: a little longer than the API's, because the API counts a
    /// request when it arrives and, until it answers (`answered`), we know only when we sent it.
    var heldWindow: TimeInterval { config.burstWindow + max(0.1, config.burstWindow * 0.02) }

    /// Takes `cost` requests from the budget for work of `priority`, or says when to try again.
    public mutating func acquire(cost: Int = 1, priority: JobPriority, now: Date) -> Decision {
        if let until = pausedUntil {
            if now < until { return .wait(until: until, reason: "paused") }
            pausedUntil = nil
        }
        rollDay(now: now)
        let high = Self.mayUseReserve(priority)

        if let dailyLimit = config.dailyLimit {
            let cap = Int((Double(dailyLimit) * config.dailyShare).rounded(.down))
            let allowed = high ? cap : cap - reserve(of: cap)
            let serverFloor = high ? 0 : reserve(of: dailyLimit)
            if usedToday + cost > allowed || (dailyRemaining.map { $0 - cost < serverFloor } ?? false) {
                return .wait(until: (dayStart ?? now).addingTimeInterval(86_400), reason: "daily")
            }
        }

        let horizon = now.addingTimeInterval(-heldWindow)
        sent.removeAll { $0 <= horizon }
        let burstAllowed = high ? config.burstLimit : config.burstLimit - reserve(of: config.burstLimit)
        // A request costing more than the whole allowance goes alone into an empty window.
        if sent.count + cost > burstAllowed, !sent.isEmpty {
            // Wait until enough of the oldest requests have left the window: k of them, where
            // count − k + cost ≤ allowed.
            let k = sent.count + cost - max(burstAllowed, cost)
            let until = sent[min(sent.count - 1, max(0, k - 1))].addingTimeInterval(heldWindow)
            return .wait(until: max(until, now.addingTimeInterval(0.001)), reason: "burst")
        }

        sent.append(contentsOf: repeatElement(now, count: cost))
        usedToday += cost
        dailyRemaining = dailyRemaining.map { $0 - cost }
        return .granted
    }

    /// The API answered the request drawn at `sentAt`. It counted the request when it arrived,
    /// somewhere between our send and its answer; only the answer is sure not to leave our
    /// window before it leaves the API's, however slow the wire, so the request is kept from then.
    public mutating func answered(sentAt: Date, at now: Date) {
        guard now > sentAt, let i = sent.firstIndex(of: sentAt) else { return }
        sent.remove(at: i)
        sent.insert(now, at: sent.firstIndex { $0 > now } ?? sent.endIndex)
    }

    /// Counts `requests` already sent beyond what `acquire` granted, in the window and the day alike.
    public mutating func charge(_ requests: Int, now: Date) {
        guard requests > 0 else { return }
        rollDay(now: now)
        sent.append(contentsOf: repeatElement(now, count: requests))
        usedToday += requests
        dailyRemaining = dailyRemaining.map { $0 - requests }
    }

    /// Corrects the budget from what the API reported: its limits replace ours, and if it counts
    /// more requests in the window than we do (another client, a restart), phantom entries make
    /// up the difference so that we slow down accordingly.
    public mutating func observe(_ snapshot: RateLimitSnapshot, now: Date) {
        if let limit = snapshot.burstLimit, limit > 0 { config.burstLimit = limit }
        if let window = snapshot.burstWindow {
            let seconds = Double(window.components.seconds) + Double(window.components.attoseconds) / 1e18
            if seconds > 0 { config.burstWindow = seconds }
        }
        if let remaining = snapshot.burstRemaining {
            sent.removeAll { $0 <= now.addingTimeInterval(-config.burstWindow) }
            let serverUsed = max(0, config.burstLimit - remaining)
            if serverUsed > sent.count {
                sent.append(contentsOf: repeatElement(now, count: serverUsed - sent.count))
            }
        }
        if let daily = snapshot.dailyLimit, daily > 0 { config.dailyLimit = daily }
        if let remaining = snapshot.dailyRemaining { dailyRemaining = remaining }
        if let retryAt = snapshot.retryAt, retryAt > now { pause(until: retryAt) }
    }

    /// Stops all requests until `until` (a 429 or a limit error).
    public mutating func pause(until: Date) {
        pausedUntil = max(pausedUntil ?? until, until)
    }

    /// Requests left in the current burst window for work of `priority`.
    public func burstAvailable(priority: JobPriority, now: Date) -> Int {
        let inWindow = sent.filter { $0 > now.addingTimeInterval(-heldWindow) }.count
        let allowed = Self.mayUseReserve(priority) ? config.burstLimit : config.burstLimit - reserve(of: config.burstLimit)
        return max(0, allowed - inWindow)
    }

    private mutating func rollDay(now: Date) {
        guard let start = dayStart else {
            dayStart = now
            return
        }
        if now >= start.addingTimeInterval(86_400) {
            dayStart = now
            usedToday = 0
            dailyRemaining = nil
        }
    }
}
