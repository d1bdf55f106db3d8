import Foundation

/// The table printed at the end of a run; README.md explains each column.
struct Report {
    var results: [ScenarioResult]

    func render() -> String {
        let header = ["scenario", "requests", "delivered", "enqueue req/s", "claim+ack jobs/s",
                      "end-to-end req/s", "pages/req", "write syscalls/req", "disk KiB/req", "file MiB"]
        var rows = [header]
        for r in results {
            let total = r.enqueueSeconds + r.drainSeconds
            let io = r.enqueueIO.flatMap { e in r.drainIO.map { d in (e.wchar + d.wchar, e.syscw + d.syscw, e.writeBytes + d.writeBytes) } }
            let requests = Double(r.requests)
            rows.append([
                r.scenario.name, String(r.requests), String(r.delivered),
                rate(Double(r.requests), r.enqueueSeconds), rate(Double(r.delivered), r.drainSeconds),
                rate(requests, total),
                io.map { fixed(Double($0.0) / Double(r.pageSize) / requests, 2) } ?? "n/a",
                io.map { fixed(Double($0.1) / requests, 2) } ?? "n/a",
                io.map { $0.2 > 0 ? fixed(Double($0.2) / 1024 / requests, 2) : "n/a" } ?? "n/a",
                fixed(Double(r.fileBytes) / 1_048_576, 1),
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            row.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
        lines.insert(String(repeating: "-", count: lines[0].count), at: 1)
        let pageSize = results.first?.pageSize ?? 4096
        lines.append("")
        lines.append("pages/req = bytes this process passed to write()/pwrite() during enqueue + drain (/proc/self/io wchar:")
        lines.append("WAL frames of every commit plus automatic checkpoints into the main file) / page size \(pageSize) / requests.")
        lines.append("disk KiB/req = /proc/self/io write_bytes (what reached the page cache for the block device; n/a on tmpfs).")
        return lines.joined(separator: "\n")
    }

    private func rate(_ count: Double, _ seconds: Double) -> String {
        seconds > 0 ? String(Int((count / seconds).rounded())) : "n/a"
    }

    private func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
