import DealSyncControl
import Foundation
import Hummingbird

/// `/healthz` (alive), `/readyz` (ready to sync, else 503 with the coded reasons) and
/// `/metrics` (Prometheus text). Readiness is whatever the health registry says, so it always
/// agrees with `dealsyncctl status` and the systemd `STATUS=` line.
struct HealthRoutes: HTTPRouteProvider {
    let health: HealthRegistry
    let metrics: DaemonMetrics

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in
            Self.text("ok\n", contentType: "text/plain; charset=utf-8")
        }
        router.get("/readyz") { _, _ in
            let snapshot = health.snapshot()
            let body = ReadinessBody(
                ready: snapshot.isReady,
                reasons: snapshot.blocking.map(ReadinessBody.Reason.init),
                // Warnings (a silent mailbox, a paused source) do not block readiness but are shown.
                warnings: snapshot.conditions.filter { $0.severity == .warning }.map(ReadinessBody.Reason.init))
            let json = (try? Self.encoder.encode(body)) ?? Data("{\"ready\":false}".utf8)
            var response = Self.text(String(decoding: json, as: UTF8.self) + "\n", contentType: "application/json")
            response.status = snapshot.isReady ? .ok : .serviceUnavailable
            return response
        }
        router.get("/metrics") { _, _ in
            let bytes = metrics.render()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    private static func text(_ text: String, contentType: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()
}

/// The `/readyz` JSON: `{"ready":false,"reasons":[{"code":…,"severity":…,"message":…}]}`.
struct ReadinessBody: Codable, Sendable {
    struct Reason: Codable, Sendable {
        var code: String
        var severity: String
        var message: String
        var org: String?
        var source: String?
    }

    var ready: Bool
    var reasons: [Reason]
    var warnings: [Reason] = []
}

extension ReadinessBody.Reason {
    init(_ condition: HealthCondition) {
        self.init(code: condition.code, severity: condition.severity.rawValue, message: condition.message,
                  org: condition.org?.rawValue, source: condition.source?.rawValue)
    }
}
