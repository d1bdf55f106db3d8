import DealSyncControl
import DealSyncCore
import DealSyncStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's own control commands (service and source management), registered into the
/// control server's table by `buildDaemon`. Queue, dead-letter, conflict and audit commands are
/// registered by the parts that own that data.
enum DaemonCommands {
    static func register(into table: inout ControlCommandTable, runtime: DaemonRuntime) {
        table.register(VersionCommand.self) { _, _ in
            VersionInfo(version: DaemonVersion.current)
        }
        table.register(StatusCommand.self) { command, _ in
            await status(runtime, org: command.org)
        }
        table.register(SourcesCommand.self) { command, _ in
            SourcesReport(sources: await sources(runtime, org: command.org))
        }
        table.register(HealthCommand.self) { _, _ in
            let snapshot = runtime.health.snapshot()
            return HealthReport(summary: await runtime.statusLine(), conditions: snapshot.conditions)
        }
        table.register(PauseCommand.self) { command, caller in
            let ref = SourceRef(org: command.org, source: command.source)
            try await runtime.pause(ref, by: caller.uid)
            return ControlAck("paused \(ref)")
        }
        table.register(ResumeCommand.self) { command, caller in
            let ref = SourceRef(org: command.org, source: command.source)
            try await runtime.resume(ref, by: caller.uid)
            return ControlAck("resumed \(ref)")
        }
        table.register(ResyncCommand.self) { command, caller in
            let ref = SourceRef(org: command.org, source: command.source)
            let objects = try await runtime.requestResync(ref, object: command.object, by: caller.uid)
            let names = objects.map(\.rawValue)
            return ControlAck(
                "resync of \(ref) (\(names.joined(separator: ", "))) requested",
                details: ["objects": .array(names.map { .string($0) })])
        }
        table.register(ReloadCommand.self) { _, _ in
            switch await runtime.reload(trigger: "control") {
            case .applied(let restartRequired):
                var message = "configuration reloaded"
                if !restartRequired.isEmpty {
                    message += "; restart to apply \(restartRequired.joined(separator: ", "))"
                }
                return ControlAck(message, details: ["restart_required": .array(restartRequired.map { .string($0) })])
            case .rejected(let error):
                throw ControlError(.invalidConfig, "configuration rejected, previous one still in force:\n\(error)")
            }
        }
    }

    static func status(_ runtime: DaemonRuntime, org: OrgID?) async -> StatusReport {
        let conditions = runtime.health.snapshot().conditions.filter { org == nil || $0.org == nil || $0.org == org }
        return StatusReport(
            version: DaemonVersion.current, state: await runtime.state, startedAt: runtime.startedAt,
            uptimeSeconds: Date().timeIntervalSince(runtime.startedAt), configPath: await runtime.config.file,
            pid: getpid(), sources: await sources(runtime, org: org), conditions: conditions)
    }

    static func sources(_ runtime: DaemonRuntime, org: OrgID?) async -> [SourceStatus] {
        let config = await runtime.config
        let paused = await runtime.pausedSources
        var result: [SourceStatus] = []
        for source in config.sources where org == nil || source.org == org {
            let objects = source.objects
            let id = source.id
            let cursors: [String: String] = (try? await runtime.store.org(source.org).read { tx in
                var cursors: [String: String] = [:]
                for object in objects {
                    cursors[object.rawValue] = try tx.cursor(source: id, object: object.rawValue)
                }
                return cursors
            }) ?? [:]
            let ref = SourceRef(org: source.org, source: source.id)
            let progress = runtime.progress.entry(ref)
            result.append(SourceStatus(
                org: source.org, source: source.id, kind: source.kind.rawValue, objects: source.objects,
                paused: paused[ref] != nil, lastSuccess: progress.lastSuccess, lastError: progress.lastError,
                cursors: cursors, lagSeconds: runtime.progress.lagSeconds(ref)))
        }
        return result
    }
}

extension ControlError.Code {
    /// A reload was refused because the new file is invalid; the message lists file:line: key problems.
    static let invalidConfig = ControlError.Code(rawValue: "invalid_config")
}
