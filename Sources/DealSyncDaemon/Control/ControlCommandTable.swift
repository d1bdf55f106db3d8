import DealSyncControl

/// Serves one command: the request (arguments included) and who sent it, to a result value.
/// Throw a `ControlError` for a reply with that code; any other error becomes `internal`.
public typealias ControlHandler = @Sendable (ControlRequest, ControlCaller) async throws -> ControlValue

/// The daemon's control commands by name, each marked read or write. The daemon fills it in
/// its composition root and hands it to `ControlServer`.
public struct ControlCommandTable: Sendable {
    public struct Entry: Sendable {
        public let name: String
        public let access: ControlAccess
        public let handler: ControlHandler
    }

    private var entries: [String: Entry] = [:]

    public init() {}

    /// Registers a typed command: its arguments are decoded and validated before `handler`
    /// runs (a bad argument is a `bad_request` naming it), and its access comes from the
    /// protocol definition, so a write command cannot be served as a read one by mistake.
    public mutating func register<C: ControlCommand>(
        _ command: C.Type,
        handler: @escaping @Sendable (C, ControlCaller) async throws -> C.Result
    ) {
        register(C.name, access: C.access) { request, caller in
            let typed = try request.decode(C.self)
            return try ControlCodec.value(of: try await handler(typed, caller))
        }
    }

    /// Registers a command by name with a raw handler (for commands outside the shared
    /// protocol, or tests). A name the protocol defines must keep its protocol access.
    public mutating func register(_ name: String, access: ControlAccess, handler: @escaping ControlHandler) {
        precondition(entries[name] == nil, "control command '\(name)' registered twice")
        if let defined = ControlCommands.access(of: name) {
            precondition(defined == access, "control command '\(name)' is \(defined.rawValue) in the protocol")
        }
        entries[name] = Entry(name: name, access: access, handler: handler)
    }

    public func entry(named name: String) -> Entry? { entries[name] }

    public var names: [String] { entries.keys.sorted() }

    /// Protocol commands with no handler yet; they answer `unknown_command`.
    public var unservedProtocolCommands: [String] {
        ControlCommands.all.map { $0.name }.filter { entries[$0] == nil }
    }
}
