import DealSyncSandbox
import Foundation

/// `dealsyncd --sandbox`: the out-of-the-box demo. Starts every emulator in-process, seeded,
/// writes a config whose sources point at them into a state folder, and runs the service on it.
extension DaemonEntry {
    /// The folder is `overrides.stateDir` when given, else a fresh one under the temp directory;
    /// it is named on stderr at start-up so the demo's store, config and socket can be found.
    public static func runSandbox(overrides: ConfigOverrides, seed: UInt64 = 7) async -> Int32 {
        let folder = overrides.stateDir ?? (NSTemporaryDirectory() + "dealsync-sandbox-\(getpid())")
        let listen = overrides.httpListen ?? ListenAddress(host: "127.0.0.1", port: 9464)
        let configPath = folder + "/dealsync.yaml"
        let sandbox: Sandbox
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            sandbox = try await Sandbox.start(seed: seed)
            try await sandbox.writeConfig(
                to: configPath, org: "demo", webhookBase: "http://\(listen)", stateDir: folder + "/state")
        } catch {
            FileHandle.standardError.write(Data("dealsyncd: cannot start the sandbox: \(error)\n".utf8))
            return 1
        }
        FileHandle.standardError.write(Data("""
            dealsyncd: sandbox emulators at \(sandbox.baseURL) (seed \(seed)); state folder \(folder)
            dealsyncd: config \(configPath)

            """.utf8))
        // The folder already holds the state directory the written config names.
        var daemonOverrides = overrides
        daemonOverrides.stateDir = nil
        return await runService(path: configPath, overrides: daemonOverrides) { await sandbox.shutdown() }
    }
}
