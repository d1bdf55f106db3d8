import DealSyncHooks
import Foundation
import Logging

/// Builds the operator's `hooks.external` entries: each an `ExternalHook` whose `invoke` runs
/// its command or posts to its URL, within the entry's timeout.
enum ExternalHookRunners {
    static func hooks(_ configs: [ExternalHookConfig], logger: Logger) -> [any Hook] {
        configs.map { config in
            ExternalHook(name: config.name, writableFields: Set(config.writableFields), timeout: config.timeout,
                         invoke: invoke(for: config, logger: logger))
        }
    }

    static func invoke(for config: ExternalHookConfig, logger: Logger) -> @Sendable (Data) async throws -> Data {
        switch config.target {
        case .command(let argv):
            let name = config.name
            return CommandHookRunner(argv: argv, timeout: config.timeout, stderrLine: { line in
                // The hook only ever saw redacted data, so its stderr may be logged as written.
                logger.notice("external hook stderr", metadata: ["hook.name": "\(name)", "hook.stderr": "\(line)"])
            }).invoke
        case .url(let url):
            return HTTPHookRunner(url: url, timeout: config.timeout).invoke
        }
    }
}
