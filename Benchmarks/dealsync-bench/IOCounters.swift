import Foundation

/// The kernel's I/O accounting of this process (`/proc/self/io`), summed over all its threads,
/// so the writes GRDB's writer queue makes are counted too.
///
/// `wchar` is every byte handed to `write`/`pwrite` — for SQLite, the WAL frames of each commit
/// plus the pages a checkpoint copies into the main file — whether or not the kernel has flushed
/// them yet. `writeBytes` is what the page cache sent (or will send) to the block device; it is 0
/// on tmpfs and counts a page dirtied twice before writeback only once.
struct IOCounters: Sendable {
    var wchar: Int64
    var syscw: Int64
    var writeBytes: Int64

    static func now() -> IOCounters? {
        guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return nil }
        var values: [String: Int64] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, let value = Int64(parts[1].trimmingCharacters(in: .whitespaces)) {
                values[String(parts[0])] = value
            }
        }
        guard let wchar = values["wchar"], let syscw = values["syscw"], let writeBytes = values["write_bytes"] else { return nil }
        return IOCounters(wchar: wchar, syscw: syscw, writeBytes: writeBytes)
    }

    static func - (a: IOCounters, b: IOCounters) -> IOCounters {
        IOCounters(wchar: a.wchar - b.wchar, syscw: a.syscw - b.syscw, writeBytes: a.writeBytes - b.writeBytes)
    }
}

/// The page size of an SQLite file, read from its header (bytes 16–17, big-endian; 1 means
/// 65536), because the store API does not expose pragmas and the benchmark must not open a
/// second connection that could change what is measured.
func sqlitePageSize(path: String) -> Int? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    guard let header = try? handle.read(upToCount: 100), header.count >= 18 else { return nil }
    let raw = Int(header[16]) << 8 | Int(header[17])
    return raw == 1 ? 65536 : raw
}

func fileSize(_ path: String) -> Int64 {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
}
