import Foundation
import Testing

@testable import DealSyncDaemon

@Suite("sd_notify")
struct SystemdNotifierTests {
    @Test("messages reach a filesystem NOTIFY_SOCKET", arguments: [false, true])
    func delivers(abstract: Bool) throws {
        let socket = try NotifySocket(abstract: abstract)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address])
        #expect(notifier.ready(status: "ready, 0 sources"))
        #expect(socket.receive(timeout: .seconds(2)) == "READY=1\nSTATUS=ready, 0 sources")
        #expect(notifier.watchdog())
        #expect(socket.receive(timeout: .seconds(2)) == "WATCHDOG=1")
    }

    @Test("RELOADING=1 carries CLOCK_MONOTONIC in microseconds")
    func reloading() throws {
        let socket = try NotifySocket(abstract: true)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address])
        let before = SystemdNotifier.monotonicMicroseconds()
        notifier.reloading()
        let message = try #require(socket.receive(timeout: .seconds(2)))
        let lines = message.split(separator: "\n")
        #expect(lines.first == "RELOADING=1")
        let usec = try #require(lines.first { $0.hasPrefix("MONOTONIC_USEC=") }.flatMap { UInt64($0.dropFirst(15)) })
        #expect(usec >= before && usec <= SystemdNotifier.monotonicMicroseconds())
    }

    @Test("without NOTIFY_SOCKET every notification is a harmless no-op")
    func disabled() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isEnabled)
        #expect(!notifier.ready(status: "x"))
    }

    @Test("the watchdog pings every half of WATCHDOG_USEC, only for the named pid")
    func watchdogSettings() {
        #expect(WatchdogSettings(environment: ["WATCHDOG_USEC": "30000000"], pid: 42)?.pingInterval == .seconds(15))
        #expect(WatchdogSettings(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "42"], pid: 42) != nil)
        #expect(WatchdogSettings(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "7"], pid: 42) == nil)
        #expect(WatchdogSettings(environment: [:], pid: 42) == nil)
        #expect(WatchdogSettings(environment: ["WATCHDOG_USEC": "0"], pid: 42) == nil)
    }
}
