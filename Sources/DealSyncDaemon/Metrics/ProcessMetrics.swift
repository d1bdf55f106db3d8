import Foundation
import Prometheus

/// The standard `process_*` series (as the Go and Java Prometheus clients export them), read
/// from `/proc/self` at scrape time. swift-prometheus 2 has no process collector, hence this.
struct ProcessMetrics: Sendable {
    private let residentBytes: Gauge
    private let virtualBytes: Gauge
    private let cpuSeconds: Gauge
    private let openFDs: Gauge
    private let maxFDs: Gauge
    private let startTime: Gauge

    init(registry: PrometheusCollectorRegistry) {
        residentBytes = registry.gauge("process_resident_memory_bytes", "Resident memory size in bytes")
        virtualBytes = registry.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes")
        cpuSeconds = registry.gauge("process_cpu_seconds_total", "Total user and system CPU time spent in seconds")
        openFDs = registry.gauge("process_open_fds", "Number of open file descriptors")
        maxFDs = registry.gauge("process_max_fds", "Maximum number of open file descriptors")
        startTime = registry.gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds")
        refresh()
    }

    func refresh() {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
            if let kb = Self.statusField(status, "VmRSS") { residentBytes.set(to: kb * 1024) }
            if let kb = Self.statusField(status, "VmSize") { virtualBytes.set(to: kb * 1024) }
        }
        var usage = rusage()
        if getrusage(RUSAGE_SELF_VALUE, &usage) == 0 {
            let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
            cpuSeconds.set(to: user + system)
        }
        if let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            openFDs.set(to: Double(fds.count))
        }
        var limit = rlimit()
        if getrlimit(RLIMIT_NOFILE_VALUE, &limit) == 0 { maxFDs.set(to: Double(limit.rlim_cur)) }
        if let start = Self.processStartTime() { startTime.set(to: start) }
    }

    /// `VmRSS:    12345 kB` → 12345.
    static func statusField(_ status: String, _ name: String) -> Double? {
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) }
        }
        return nil
    }

    /// Boot time plus field 22 of `/proc/self/stat` (start time in clock ticks after boot).
    /// Boot time comes from `CLOCK_BOOTTIME`, not `/proc/stat`, which the unit's
    /// `ProcSubset=pid` hides.
    static func processStartTime() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name start at field 3; starttime is field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        var sinceBoot = timespec()
        clock_gettime(CLOCK_BOOTTIME, &sinceBoot)
        let bootTime = now() - (Double(sinceBoot.tv_sec) + Double(sinceBoot.tv_nsec) / 1e9)
        return bootTime + ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func now() -> Double { Date().timeIntervalSince1970 }
}

#if canImport(Glibc)
import Glibc
private let RLIMIT_NOFILE_VALUE = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
private let RUSAGE_SELF_VALUE = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
private let RUSAGE_SELF_VALUE = RUSAGE_SELF
private let RLIMIT_NOFILE_VALUE = RLIMIT_NOFILE
#endif
