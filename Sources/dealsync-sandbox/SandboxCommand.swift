import ArgumentParser
import DealSyncSandbox
import Foundation

/// `dealsync-sandbox --listen HOST:PORT --seed N [--deals N] [--write-config PATH] …` (DESIGN §9).
@main
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dealsync-sandbox",
        abstract: "Run the DealSync API emulators on one loopback listener.",
        discussion: """
        Once listening, prints one JSON line: for each service its `url` and the credentials a \
        client needs. Serves until SIGTERM or SIGINT, then exits 0.

        Control routes under each service URL: GET|DELETE __sandbox/requests, \
        GET|POST|PUT|DELETE __sandbox/faults, POST __sandbox/edit, POST __sandbox/webhook.

        --fault SERVICE[:PATH]:SETTING[,SETTING...] where SETTING is error=RATE, \
        status=CODE[|CODE], latency=DURATION, hang=RATE, throttle=RATE, retry-after=SECONDS, \
        malformed=RATE, truncate=RATE, revoke, method=METHOD or count=N. \
        Example: --fault hubspot:/crm/v3/objects:error=0.1,status=503
        """)

    @Option(help: "HOST:PORT to listen on; port 0 picks a free port.")
    var listen = "127.0.0.1:0"

    @Option(help: "Seed for the generated data and for fault draws.")
    var seed: UInt64 = 7

    @Option(help: "Deals in each CRM (contacts and companies follow in proportion).")
    var deals = 200

    @Option(name: .customLong("write-config"), help: "Write a dealsyncd config for these emulators to PATH.")
    var writeConfig: String?

    @Option(name: .customLong("org"), help: "Org id used in the written config.")
    var org = "demo"

    @Option(name: .customLong("webhook-base"), help: "The daemon's base URL; emulators send webhooks to {base}/webhooks/{org}/{source}.")
    var webhookBase: String?

    @Option(name: .customLong("rate-limit"), help: "SERVICE=LIMIT/WINDOW, e.g. hubspot=100/10s (repeatable).")
    var rateLimits: [String] = []

    @Option(name: .customLong("daily-limit"), help: "SERVICE=N, e.g. hubspot=250000 (repeatable).")
    var dailyLimits: [String] = []

    @Option(name: .customLong("fault"), help: "SERVICE[:PATH]:SETTINGS, e.g. hubspot:/crm/v3/objects:error=0.1 (repeatable).")
    var faults: [String] = []

    @Option(name: .customLong("token-lifetime"), help: "SERVICE=SECONDS access-token lifetime (repeatable).")
    var tokenLifetimes: [String] = []

    func run() async throws {
        var options = SandboxOptions()
        do {
            for flag in rateLimits {
                let (service, setting) = try SandboxFlags.rateLimit(flag)
                options.rateLimits[service] = setting
            }
            for flag in dailyLimits {
                let (service, limit) = try SandboxFlags.dailyLimit(flag)
                options.dailyLimits[service] = limit
            }
            for flag in faults {
                let (service, rule) = try SandboxFlags.fault(flag)
                options.faults[service, default: []].append(rule)
            }
            for flag in tokenLifetimes {
                let parts = flag.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let seconds = TimeInterval(parts[1]), seconds > 0 else {
                    throw FaultRuleError("--token-lifetime \(flag): expected SERVICE=SECONDS")
                }
                options.tokenLifetimes[String(parts[0])] = seconds
            }
        } catch {
            throw ValidationError("\(error)")
        }
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
            throw ValidationError("--listen \(listen): expected HOST:PORT")
        }
        let host = listen[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))

        let signals = SignalWaiter([SIGTERM, SIGINT])
        let sandbox = try await Sandbox.start(host: host, port: port, seed: seed, deals: deals, options: options)
        if let writeConfig {
            try await sandbox.writeConfig(to: writeConfig, org: org, webhookBase: webhookBase)
        }
        print(String(decoding: sandbox.announcement.encoded(), as: UTF8.self))
        fflush(nil)
        await signals.wait()
        await sandbox.shutdown()
    }
}
