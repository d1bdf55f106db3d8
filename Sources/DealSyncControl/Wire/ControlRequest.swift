/// One request line: `{"id":…,"cmd":"…", …arguments}`. Arguments sit beside `id` and `cmd`
/// at the top level, so a command may not name an argument `id` or `cmd`.
public struct ControlRequest: Sendable, Hashable {
    /// Echoed in the reply so a client can match replies to requests; any JSON value.
    public var id: ControlValue
    public var command: String
    public var arguments: [String: ControlValue]

    public static let reservedKeys: Set<String> = ["id", "cmd"]

    public init(id: ControlValue, command: String, arguments: [String: ControlValue] = [:]) {
        self.id = id
        self.command = command
        self.arguments = arguments.filter { !Self.reservedKeys.contains($0.key) }
    }

    /// The request for a typed command; its stored properties become the arguments.
    public init<C: ControlCommand>(id: ControlValue, _ command: C) throws {
        guard case .object(let args) = try ControlCodec.value(of: command) else {
            throw ControlError.badRequest("arguments of \(C.name) must encode as a JSON object")
        }
        self.init(id: id, command: C.name, arguments: args)
    }

    /// Reads a parsed line, reporting what is wrong with it as a `bad_request`.
    public init(parsing value: ControlValue) throws(ControlError) {
        guard case .object(var fields) = value else {
            throw .badRequest("a request must be a JSON object")
        }
        let id = fields.removeValue(forKey: "id") ?? .null
        guard case .string(let cmd)? = fields.removeValue(forKey: "cmd"), !cmd.isEmpty else {
            throw .badRequest("a request needs a string 'cmd'")
        }
        self.init(id: id, command: cmd, arguments: fields)
    }

    /// The typed command carried by this request; a missing or ill-typed argument is a
    /// `bad_request` naming the argument, and the command's own `validate()` runs too.
    public func decode<C: ControlCommand>(_ type: C.Type) throws(ControlError) -> C {
        let command: C
        do {
            command = try ControlCodec.decode(C.self, from: .object(arguments))
        } catch {
            throw .badRequest("\(C.name): \(ControlCodec.describe(error))")
        }
        do {
            try command.validate()
        } catch let error as ControlError {
            throw error
        } catch {
            throw .badRequest("\(C.name): \(error)")
        }
        return command
    }
}

extension ControlRequest: Codable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let value = try ControlValue(from: decoder)
        do {
            try self.init(parsing: value)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(id, forKey: Key("id"))
        try c.encode(command, forKey: Key("cmd"))
        for (key, value) in arguments { try c.encode(value, forKey: Key(key)) }
    }
}
