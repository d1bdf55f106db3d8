import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
@testable import DealSyncSandbox

/// A minimal seeded emulator for the shared-machinery tests: echoes what it received, so a test
/// sees exactly what the server passed through, and records edits and webhook targets.
protocol SandboxEchoName { static var name: String { get } }
enum SandboxEchoService: SandboxEchoName { static let name = "echo" }
enum SandboxEchoPipedrive: SandboxEchoName { static let name = "pipedrive" }
typealias SandboxEcho = SandboxEchoEmulator<SandboxEchoService>

final class SandboxEchoEmulator<Name: SandboxEchoName>: SeededEmulator {
    var service: String { Name.name }
    var credentials: [String: String] { ["access_token": "\(Name.name)-token"] }
    let state = Mutex<(edits: [SandboxEdit], webhook: String?)>(([], nil))

    init(world: SeedWorld, options: EmulatorOptions) {}

    func handle(_ request: SandboxRequest) async -> SandboxResponse {
        .json(200, ["method": .string(request.method), "path": .string(request.path),
                    "query": .object(Dictionary(request.query.map { ($0.name, JSONValue.string($0.value)) }, uniquingKeysWith: { a, _ in a })),
                    "body": .string(String(decoding: request.body, as: UTF8.self))])
    }

    func rateLimitedResponse(retryAfterSeconds: Int) -> SandboxResponse {
        .json(429, ["status": "error", "category": "RATE_LIMITS"], headers: [("Retry-After", String(retryAfterSeconds))])
    }

    func unauthorizedResponse() -> SandboxResponse { .json(401, ["status": "error", "category": "INVALID_AUTHENTICATION"]) }

    func applyHumanEdit(_ edit: SandboxEdit) async throws -> JSONValue {
        if edit.object != "deals" { throw SandboxEditError("unknown object \(edit.object)") }
        state.withLock { $0.edits.append(edit) }
        return ["id": .string(edit.id ?? "new"), "properties": .object(edit.fields), "archived": .bool(edit.delete)]
    }

    func setWebhookTarget(_ url: String?) async { state.withLock { $0.webhook = url } }
}

struct SandboxHTTPReply {
    var status: Int
    var headers: [String: String]
    var body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
    var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: body) }
}

enum SandboxHTTP {
    static func send(_ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil,
                     timeout: TimeInterval = 30) async throws -> SandboxHTTPReply {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = timeout
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (k, v) in http.allHeaderFields { fields[String(describing: k).lowercased()] = String(describing: v) }
        return SandboxHTTPReply(status: http.statusCode, headers: fields, body: data)
    }

    static func json(_ method: String, _ url: String, _ value: JSONValue, headers: [String: String] = [:]) async throws -> SandboxHTTPReply {
        try await send(method, url, headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a }, body: value.encoded())
    }
}

/// Starts a sandbox with the echo emulator (and the built-in Slack and lookup), runs `body`, stops it.
func withEchoSandbox(deals: Int = 20, options: SandboxOptions = SandboxOptions(),
                     services: [SandboxServiceFactory] = [SandboxServiceFactory("echo", SandboxEcho.self)],
                     _ body: (Sandbox) async throws -> Void) async throws {
    let sandbox = try await Sandbox.start(seed: 7, deals: deals, options: options, services: services)
    do {
        try await body(sandbox)
    } catch {
        await sandbox.shutdown()
        throw error
    }
    await sandbox.shutdown()
}
