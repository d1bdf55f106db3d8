import DealSyncConnectors
import DealSyncCore
import DealSyncSandbox
import Foundation

/// The real `dealsyncd` syncing an in-process sandbox: the config the sandbox writes, webhooks
/// pointed at the daemon, and readers that see each CRM through its own API.
final class SyncHarness: @unchecked Sendable {
    // Unchecked: the fields are set once in `start` and only read afterwards.
    let sandbox: Sandbox
    let work: DaemonWorkDir
    private(set) var daemon: DaemonProcess
    let port: Int
    var configPath: String { work.path + "/dealsync.yaml" }

    private init(sandbox: Sandbox, work: DaemonWorkDir, daemon: DaemonProcess, port: Int) {
        self.sandbox = sandbox
        self.work = work
        self.daemon = daemon
        self.port = port
    }

    /// `prepare` runs against the sandbox before the daemon starts (edits a person made earlier).
    /// `hooks` adds the sandbox's hooks section (Slack emulator; `hooksExtra` lines inside it).
    /// `editConfig` rewrites the written config's text before the daemon reads it.
    static func start(seed: UInt64 = 5, deals: Int = 15, pollInterval: String = "2s", hooks: Bool = false,
                      hooksExtra: [String] = [], prepare: (Sandbox) async throws -> Void = { _ in },
                      editConfig: (String) -> String = { $0 }, sandbox custom: Sandbox? = nil) async throws -> SyncHarness {
        // A caller's own sandbox (a hand-made world, limits, a subset of services) replaces the seeded one.
        let sandbox = if let custom { custom } else { try await Sandbox.start(seed: seed, deals: deals) }
        try await prepare(sandbox)
        let work = try DaemonWorkDir()
        let port = try freePort()
        let config = work.path + "/dealsync.yaml"
        try await sandbox.writeConfig(to: config, org: "e2e", webhookBase: "http://127.0.0.1:\(port)",
                                      stateDir: work.path + "/state", pollInterval: pollInterval, hooks: hooks,
                                      hooksExtra: hooksExtra)
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try editConfig(text).write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config], workDir: work.path)
        return SyncHarness(sandbox: sandbox, work: work, daemon: daemon, port: port)
    }

    /// SIGKILL, as a crash or the OOM killer would, then the same daemon started again on the
    /// same state.
    func killAndRestart() async throws {
        daemon.signal(SIGKILL)
        _ = await daemon.waitForExit(timeout: .seconds(10))
        daemon = try DaemonProcess(arguments: ["--config", configPath], workDir: work.path)
    }

    func stop() async {
        daemon.signal(SIGTERM)
        _ = await daemon.waitForExit(timeout: .seconds(10))
        await sandbox.shutdown()
    }

    /// Each CRM's deals as its API returns them.
    func deals(_ crm: CRMKind) async throws -> [RemoteRecord] { try await records(.deal, crm) }

    /// Each CRM's records of one kind as its API returns them.
    func records(_ kind: RecordKind, _ crm: CRMKind) async throws -> [RemoteRecord] {
        let connector = try ConnectorFactory.make(.init(
            kind: crm, baseURL: sandbox.urls[crm.rawValue]!, credentials: sandbox.credentials[crm.rawValue] ?? [:],
            fields: [.deal: Self.dealFields(crm), .contact: Self.contactFields(crm)]))
        var records: [String: RemoteRecord] = [:]
        var cursor: String?
        while true {
            let page: ChangePage
            do {
                page = try await connector.changes(of: kind, after: cursor)
            } catch let error as SyncError {
                guard case .rateLimited = error.kind else { throw error }
                try await Task.sleep(for: .seconds(1))
                continue
            }
            for r in page.records { records[r.externalID] = r }
            cursor = page.nextCursor
            if !page.hasMore { break }
        }
        return Array(records.values)
    }

    static func dealFields(_ crm: CRMKind) -> [String] {
        switch crm {
        case .salesforce: ["Name", "Amount"]
        case .hubspot: ["dealname", "amount"]
        case .pipedrive: ["title", "value"]
        }
    }

    static func contactFields(_ crm: CRMKind) -> [String] {
        switch crm {
        case .salesforce: ["Email", "LastName"]
        case .hubspot: ["email", "lastname"]
        case .pipedrive: ["emails", "name"]
        }
    }

    /// A deal's name and amount, whatever the CRM calls them.
    static func nameAndAmount(_ r: RemoteRecord, _ crm: CRMKind) -> (String, Decimal?) {
        let f = dealFields(crm)
        return (r.fields[f[0]]?.stringValue ?? "", r.fields[f[1]]?.decimalValue)
    }

    /// Writes (not reads, searches or token calls) the daemon sent to a CRM since the log was cleared.
    func writes(_ crm: CRMKind) throws -> [RequestLogEntry] {
        try sandbox.requests(service: crm.rawValue).filter { entry in
            ["POST", "PATCH", "PUT", "DELETE"].contains(entry.method)
                && !entry.path.contains("/search") && !entry.path.contains("token") && !entry.path.hasSuffix("/batch/read")
        }
    }

    /// `dealsyncctl ARGS` against this daemon's control socket; its standard output.
    func ctl(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DaemonProcess.binaryPath).deletingLastPathComponent()
            .appendingPathComponent("dealsyncctl")
        process.arguments = ["--socket", work.path + "/state/control.sock"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    func waitUntil(_ what: String, timeout: Duration, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw DaemonTestError("timed out waiting for \(what); daemon log:\n\(daemon.stderr.suffix(3000))")
    }
}
