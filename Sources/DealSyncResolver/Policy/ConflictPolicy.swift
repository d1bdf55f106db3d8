import Foundation

/// How a field's concurrent edits are settled (DESIGN §4 step 3). Every policy is a pure function
/// of the *set* of concurrent edits, never of the order they arrived in, which is what makes the
/// resolver converge however reports are delivered.
public enum ConflictPolicy: Hashable, Sendable {
    /// The first replica in `order` wins. Entries name a source id (`salesforce-prod`) or a source
    /// kind (`salesforce`, `local`). With `unlessBlank`, a blank value never beats a non-blank one.
    case prefer(order: [String], unlessBlank: Bool)
    /// The edit with the later remote modification time wins, but only when it is later by more
    /// than `skew` seconds: closer than that the clocks cannot be trusted, so `order` decides,
    /// then the replica id.
    case latest(skew: TimeInterval, order: [String])
    /// The greatest value by `FieldValue.sortKey`; blanks lose unless every side is blank.
    case max
    /// The least value by `FieldValue.sortKey`; blanks lose unless every side is blank.
    case min
    /// Three-way set merge of multi-valued fields against each side's shadow: additions from
    /// every side are kept, removals from every side are applied, an add beats a concurrent remove.
    case union
    /// Keep the current value, record every side and wait for an admin (`dealsyncctl conflicts`).
    case manual

    /// The short name used in mappings files, metrics labels and conflict records.
    public var name: String {
        switch self {
        case .prefer: "prefer"
        case .latest: "latest"
        case .max: "max"
        case .min: "min"
        case .union: "union"
        case .manual: "manual"
        }
    }

    /// The order CRMs are trusted in when nothing else decides.
    public static let defaultSourceOrder = ["salesforce", "hubspot", "pipedrive"]

    /// The default for fields a mapping leaves unconfigured: later edit wins beyond 5 minutes of skew.
    public static let defaultPolicy = ConflictPolicy.latest(skew: 300, order: defaultSourceOrder)
}

/// What happens when a replica deletes a record that another replica concurrently updated.
public enum DeleteConflictPolicy: String, Hashable, Sendable, Codable {
    /// The record survives and is re-created where it was deleted (the default: losing a
    /// colleague's fresh edit is worse than resurrecting a record).
    case updateWins = "update_wins"
    /// The delete stands and the update is dropped.
    case deleteWins = "delete_wins"
}

extension ConflictPolicy: Codable {
    private enum Key: String, CodingKey { case policy, order, unlessBlank = "unless_blank", skew }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let name = try c.decode(String.self, forKey: .policy)
        switch name {
        case "prefer":
            self = .prefer(order: try c.decode([String].self, forKey: .order),
                           unlessBlank: try c.decodeIfPresent(Bool.self, forKey: .unlessBlank) ?? false)
        case "latest":
            self = .latest(skew: try c.decode(TimeInterval.self, forKey: .skew),
                           order: try c.decodeIfPresent([String].self, forKey: .order) ?? Self.defaultSourceOrder)
        case "max": self = .max
        case "min": self = .min
        case "union": self = .union
        case "manual": self = .manual
        default:
            throw DecodingError.dataCorruptedError(forKey: .policy, in: c, debugDescription: "unknown policy \(name)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: .policy)
        switch self {
        case .prefer(let order, let unlessBlank):
            try c.encode(order, forKey: .order)
            try c.encode(unlessBlank, forKey: .unlessBlank)
        case .latest(let skew, let order):
            try c.encode(skew, forKey: .skew)
            try c.encode(order, forKey: .order)
        case .max, .min, .union, .manual:
            break
        }
    }
}
