import DealSyncCore
import DealSyncResolver
import DealSyncStore
import Foundation

/// The resolver's `RecordState` laid out on the store's tables: each field's value and vector in
/// `fields`, its shadows in `shadows`, its open-conflict heads in the field's opaque resolution,
/// the record's existence as the reserved field `$exists`, stamps in `record_stamps`.
enum RecordStateLayout {
    static let existenceField = "$exists"

    struct Resolution: Codable {
        var heads: [Head]
        var open: Bool
    }

    static func encode(_ field: FieldState) throws -> String {
        guard !field.heads.isEmpty || field.isConflictOpen else { return "" }
        return String(decoding: try JSONEncoder().encode(Resolution(heads: field.heads, open: field.isConflictOpen)), as: UTF8.self)
    }

    static func decode(_ text: String?) -> Resolution? {
        guard let text, !text.isEmpty else { return nil }
        return try? JSONDecoder().decode(Resolution.self, from: Data(text.utf8))
    }
}

extension OrgReading {
    /// The resolver state of a record; empty for a record the store does not have.
    public func resolverState(of record: RecordID) throws -> RecordState {
        let stored = try fields(of: record)
        guard !stored.isEmpty else { return RecordState(stamps: try stamps(of: record)) }
        let shadows = try allShadows(of: record)
        let resolutions = try fieldResolutions(of: record)
        var fields: [String: FieldState] = [:]
        for (name, field) in stored {
            var replicaShadows: [SourceID: ReplicaShadow] = [:]
            for (replica, byField) in shadows {
                if let s = byField[name] { replicaShadows[replica] = ReplicaShadow(value: s.value, vector: s.vector) }
            }
            let resolution = RecordStateLayout.decode(resolutions[name])
            fields[name] = FieldState(value: field.value, vector: field.vector, shadows: replicaShadows,
                                      heads: resolution?.heads ?? [], isConflictOpen: resolution?.open ?? false)
        }
        let existence = fields.removeValue(forKey: RecordStateLayout.existenceField) ?? FieldState(value: .bool(false))
        return RecordState(fields: fields, existence: existence, stamps: try stamps(of: record))
    }
}

extension OrgWriteTransaction {
    /// Writes what changed between `previous` and `state`, creating the record envelope if needed.
    public func saveResolverState(_ state: RecordState, of record: RecordID, kind: RecordKind,
                                  previous: RecordState) throws {
        try insertRecord(record, kind: kind)
        var all = state.fields
        all[RecordStateLayout.existenceField] = state.existence
        var before = previous.fields
        before[RecordStateLayout.existenceField] = previous.existence
        for (name, field) in all where before[name] != field {
            let old = before[name]
            if old?.value != field.value || old?.vector != field.vector || old == nil {
                try setField(name, of: record, value: field.value, vector: field.vector)
            }
            if old?.heads != field.heads || old?.isConflictOpen != field.isConflictOpen {
                try setFieldResolution(name, of: record, try RecordStateLayout.encode(field))
            }
            for (replica, shadow) in field.shadows where old?.shadows[replica] != shadow {
                try setShadow(Shadow(value: shadow.value, vector: shadow.vector), of: record, field: name, replica: replica)
            }
            for replica in (old?.shadows.keys).map(Set.init) ?? [] where field.shadows[replica] == nil {
                try removeShadow(of: record, field: name, replica: replica)
            }
        }
        for (replica, stamp) in state.stamps where previous.stamps[replica] != stamp {
            try raiseStamp(of: record, replica: replica, to: stamp)
        }
        if state.isDeleted && !previous.isDeleted { try markDeleted(record) }
        if !state.isDeleted && previous.isDeleted { try restore(record) }
    }
}
