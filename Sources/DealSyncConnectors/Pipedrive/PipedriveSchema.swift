import DealSyncCore
import Foundation

/// What a Pipedrive company has configured: custom-field hash keys by field name and stages by
/// name. Mappings name custom fields (`DealSync Score`) and stages (`Proposal Made`); the wire
/// uses 40-character hash keys and stage ids, which differ per company.
struct PipedriveSchema: Sendable {
    var customKeys: [RecordKind: [String: String]]
    var stageIDs: [String: Int]

    var stageNames: [Int: String] { Dictionary(stageIDs.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a }) }

    func customName(_ kind: RecordKind, key: String) -> String? {
        customKeys[kind]?.first { $0.value == key }?.key
    }

    /// Wire record → remote fields named as mappings name them.
    func readable(_ kind: RecordKind, _ raw: [String: RemoteValue]) -> [String: RemoteValue] {
        var out = raw
        if case .object(let custom)? = raw["custom_fields"] {
            out["custom_fields"] = nil
            for (key, value) in custom { out[customName(kind, key: key) ?? key] = value }
        }
        if kind == .deal, let id = raw["stage_id"]?.decimalValue, let name = stageNames[NSDecimalNumber(decimal: id).intValue] {
            out["stage_id"] = .string(name)
        }
        return out
    }

    /// Remote fields as mappings name them → the wire body of a create or update.
    func writable(_ kind: RecordKind, _ fields: [String: RemoteValue]) throws -> [String: RemoteValue] {
        var out: [String: RemoteValue] = [:]
        var custom: [String: RemoteValue] = [:]
        let keys = customKeys[kind] ?? [:]
        for (name, value) in fields {
            if let key = keys[name] {
                custom[key] = value
            } else if kind == .deal, name == "stage_id", case .string(let stage) = value {
                guard let id = stageIDs[stage] else {
                    throw SyncError(.validation, code: "pipedrive.unknown_stage", message: "no Pipedrive stage named \"\(stage)\"")
                }
                out[name] = .number(Decimal(id))
            } else {
                out[name] = value
            }
        }
        if !custom.isEmpty { out["custom_fields"] = .object(custom) }
        return out
    }
}
