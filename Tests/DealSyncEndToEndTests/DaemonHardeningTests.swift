import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The unit sets MemoryDenyWriteExecute=yes. systemd implements it with seccomp, which needs
/// systemd to run the service; Linux 6.3+ offers the same rule per process as
/// prctl(PR_SET_MDWE), inherited across execve. Running the daemon under it shows the Swift
/// runtime, Foundation, NIO and SQLite never need writable+executable memory.
@Suite("dealsyncd under hardening")
struct DaemonHardeningTests {
    /// A python3 one-liner sets PR_SET_MDWE (65) with MDWE_REFUSE_EXEC_GAIN and execs the daemon.
    static let python = "/usr/bin/python3"
    static let wrapper = """
        import ctypes, os, sys
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(65, 1, 0, 0, 0) != 0:
            sys.exit(77)
        os.execv(sys.argv[1], sys.argv[1:])
        """

    @Test(
        "READY, /metrics, a reload and a clean stop under MemoryDenyWriteExecute (PR_SET_MDWE)",
        .enabled(if: FileManager.default.isExecutableFile(atPath: python), "python3 is needed to set PR_SET_MDWE"))
    func memoryDenyWriteExecute() async throws {
        let dir = try DaemonWorkDir()
        let config = try dir.write("dealsync.yaml", "orgs: {}\n")
        let notify = try DaemonNotifySocket(abstract: true)
        let port = try freePort()
        let daemon = try DaemonProcess(
            arguments: [
                "-c", Self.wrapper, try DaemonProcess.requireBinary(), "--config", config, "--state-dir", dir.path + "/state",
                "--control-socket", dir.path + "/c.sock", "--http-listen", "127.0.0.1:\(port)",
            ],
            environment: ["NOTIFY_SOCKET": notify.address], executable: Self.python, workDir: dir.path)
        guard await notify.waitFor("READY=1", timeout: .seconds(30)) != nil else {
            let exit = await daemon.waitForExit(timeout: .seconds(1))
            try #require(exit != 77, "this kernel has no PR_SET_MDWE (Linux 6.3+ needed)")
            Issue.record("no READY=1 under MDWE; exit \(exit.map(String.init) ?? "none"), stderr:\n\(daemon.stderr)")
            return
        }
        #expect(try await daemonGET(port, "/metrics").status == 200)
        daemon.signal(SIGHUP)
        #expect(await notify.waitFor("READY=1", timeout: .seconds(10)) != nil)
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: .seconds(10)) == 0, "stderr:\n\(daemon.stderr)")
    }
}
