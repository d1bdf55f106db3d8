import DealSyncCore
import Foundation

/// Dotted paths into a remote record (`address.locality` reads `{"address":{"locality":…}}`),
/// and the per-CRM wire conventions the mapper follows.
extension Dictionary where Key == String, Value == RemoteValue {
    func value(at path: String) -> RemoteValue? {
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        guard let first = self[parts[0]] else { return nil }
        guard parts.count == 2 else { return first }
        guard case .object(let inner) = first else { return nil }
        return inner.value(at: parts[1])
    }

    mutating func set(_ value: RemoteValue, at path: String) {
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { self[path] = value; return }
        var inner: [String: RemoteValue] = [:]
        if case .object(let existing)? = self[parts[0]] { inner = existing }
        inner.set(value, at: parts[1])
        self[parts[0]] = .object(inner)
    }
}

extension RemoteValue {
    /// Null, or a string that is empty once trimmed (HubSpot sends `""` for "no value").
    var isEmptyValue: Bool {
        switch self {
        case .null: true
        case .string(let s): s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        default: false
        }
    }
}

extension CRMKind {
    /// HubSpot property values are all strings on the wire, and `""` clears one.
    var stringifiesValues: Bool { self == .hubspot }
    /// Pipedrive ids (owners, organizations, persons) are integers.
    var numericIDs: Bool { self == .pipedrive }

    /// Brings a value to this CRM's wire convention.
    func wire(_ value: RemoteValue) -> RemoteValue {
        guard stringifiesValues else { return value }
        switch value {
        case .null: return .string("")
        case .number, .bool: return .string(value.stringValue!)
        default: return value
        }
    }

    /// An id as this CRM types it.
    func wireID(_ id: String) -> RemoteValue {
        if numericIDs, let n = Decimal(string: id), id.allSatisfy(\.isNumber) { return .number(n) }
        return .string(id)
    }
}

/// A bare, lower-case domain from a URL or domain (`https://www.Acme.com/about` → `acme.com`).
func bareDomain(_ text: String) -> String {
    var s = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    if let scheme = s.range(of: "://") { s = String(s[scheme.upperBound...]) }
    if let slash = s.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { s = String(s[..<slash]) }
    if s.hasPrefix("www.") { s = String(s.dropFirst(4)) }
    return s
}
