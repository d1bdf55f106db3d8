import ArgumentParser
import DealSyncControl
import Foundation

/// Options every subcommand takes, before or after its name:
/// `dealsyncctl --socket S --json status` and `dealsyncctl status --json` both work.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Control socket path (default: $DEALSYNC_CONTROL_SOCKET or \(ControlClient.defaultSocketPath)).",
        valueName: "path"))
    var socket: String?

    @Flag(name: .long, help: "Print the daemon's reply as one JSON document.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for the daemon.", valueName: "seconds"))
    var timeout: Double = 30

    var socketPath: String {
        socket ?? ProcessInfo.processInfo.environment["DEALSYNC_CONTROL_SOCKET"] ?? ControlClient.defaultSocketPath
    }

    var client: ControlClient {
        ControlClient(socketPath: socketPath, timeout: .milliseconds(Int64(max(0.001, timeout) * 1000)))
    }
}

/// Exit codes from sysexits.h, as daemons and their tools use them.
enum Exit {
    static let failed = ExitCode(1)
    static let usage = ExitCode(64)
    static let unavailable = ExitCode(69)
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("dealsyncctl: \(message)\n".utf8))
}

/// Sends `command` and prints the outcome: `render(result)` by default, the reply as JSON with
/// `--json`. Daemon errors go to stderr with a non-zero exit. Returns the typed result.
@discardableResult
func perform<C: ControlCommand>(
    _ command: C, _ options: GlobalOptions, render: (C.Result) -> String
) throws -> C.Result {
    let reply = try send(command, options)
    if options.json {
        print(try ControlCodec.text(reply))
    }
    switch reply.outcome {
    case .failure(let error):
        printError("\(C.name): \(error.message) (\(error.code))")
        throw Exit.failed
    case .success:
        let result: C.Result
        do {
            result = try reply.result(as: C.Result.self)
        } catch {
            printError("\(C.name): unexpected reply: \(ControlCodec.describe(error))")
            throw Exit.failed
        }
        if !options.json { print(render(result)) }
        return result
    }
}

/// The daemon's reply, or an exit with a message saying why there is none.
func send<C: ControlCommand>(_ command: C, _ options: GlobalOptions) throws -> ControlReply {
    do {
        return try options.client.reply(to: command)
    } catch let error as ControlClientError {
        printError(error.description)
        throw Exit.unavailable
    } catch let error as ControlError {
        printError(error.message)
        throw Exit.usage
    }
}
