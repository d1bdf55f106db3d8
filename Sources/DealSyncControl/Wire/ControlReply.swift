/// One reply line: `{"id":…,"ok":true,"result":…}` or
/// `{"id":…,"ok":false,"error":{"code":"…","message":"…"}}`.
public struct ControlReply: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        case success(ControlValue)
        case failure(ControlError)
    }

    /// The request's id; `null` when the request could not be read far enough to find it.
    public var id: ControlValue
    public var outcome: Outcome

    public init(id: ControlValue, outcome: Outcome) {
        self.id = id
        self.outcome = outcome
    }

    public static func success(id: ControlValue, result: ControlValue) -> ControlReply {
        .init(id: id, outcome: .success(result))
    }

    public static func failure(id: ControlValue, error: ControlError) -> ControlReply {
        .init(id: id, outcome: .failure(error))
    }

    public var isOK: Bool { if case .success = outcome { true } else { false } }

    /// The typed result, or the daemon's error thrown as a `ControlError`.
    public func result<T: Decodable>(as type: T.Type) throws -> T {
        switch outcome {
        case .success(let value): return try ControlCodec.decode(type, from: value)
        case .failure(let error): throw error
        }
    }
}

extension ControlReply: Codable {
    enum CodingKeys: String, CodingKey { case id, ok, result, error }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(ControlValue.self, forKey: .id) ?? .null
        if try c.decode(Bool.self, forKey: .ok) {
            outcome = .success(try c.decodeIfPresent(ControlValue.self, forKey: .result) ?? .null)
        } else {
            outcome = .failure(try c.decode(ControlError.self, forKey: .error))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        switch outcome {
        case .success(let result):
            try c.encode(true, forKey: .ok)
            try c.encode(result, forKey: .result)
        case .failure(let error):
            try c.encode(false, forKey: .ok)
            try c.encode(error, forKey: .error)
        }
    }
}
