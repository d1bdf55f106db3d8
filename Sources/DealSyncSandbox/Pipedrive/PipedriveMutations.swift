import Foundation

/// One change to a record, as webhooks report it.
struct PipedriveChange: Sendable {
    enum Action: String, Sendable { case create, change, delete }
    var action: Action
    var entity: PipedriveEntity
    var entityID: Int
    var userID: Int
    var source: PipedriveChangeSource
    var at: Date
    /// Webhook v2 `data`: the record after the change (null after a delete).
    var data: JSONValue
    /// Webhook v2 `previous`: null for a create, the changed fields' old values for a change,
    /// the last state for a delete.
    var previous: JSONValue
    /// The record after and before the change, for webhooks v1 bodies (`current`, `previous`).
    var after: PipedriveRecord?
    var before: PipedriveRecord?
}

/// Creates, updates and soft-deletes records, keeping Pipedrive's derived fields in step
/// (pipeline follows stage, won/lost/close times follow status) and producing the change a
/// webhook announces. API callers act as the integration user; app edits as a person.
extension PipedriveState {
    mutating func create(_ entity: PipedriveEntity, _ input: PipedriveInput, by userID: Int,
                         source: PipedriveChangeSource, at date: Date) throws(PipedriveAPIError) -> (PipedriveRecord, PipedriveChange) {
        let now = PipedriveTime.epoch(date)
        var fields = defaults(entity, userID: userID, source: source)
        for (key, value) in input.fields { fields[key] = value }
        var record = PipedriveRecord(id: allocateID(entity), fields: fields, custom: [:], addTime: now, updateTime: now, isDeleted: false)
        for (key, value) in input.custom where !value.isNull { record.custom[key] = value }
        if entity == .deal {
            try settleDeal(&record, old: nil, input: input, now: now)
        } else if entity == .person {
            settlePersonName(&record, input: input)
        }
        put(entity, record)
        let change = PipedriveChange(action: .create, entity: entity, entityID: record.id, userID: userID, source: source,
                                     at: date, data: .object(webhookData(entity, record)), previous: .null,
                                     after: record, before: nil)
        return (record, change)
    }

    /// Applies `input`; returns no change when every value was already as asked (nothing to
    /// announce, and `update_time` stays put).
    mutating func update(_ entity: PipedriveEntity, id: Int, _ input: PipedriveInput, by userID: Int,
                         source: PipedriveChangeSource, at date: Date) throws(PipedriveAPIError) -> (PipedriveRecord, PipedriveChange?) {
        let old = try live(entity, id)
        let now = max(PipedriveTime.epoch(date), old.updateTime)
        var record = old
        for (key, value) in input.fields { record.fields[key] = value }
        for (key, value) in input.custom {
            if value.isNull { record.custom.removeValue(forKey: key) } else { record.custom[key] = value }
        }
        if entity == .deal { try settleDeal(&record, old: old, input: input, now: now) }
        if entity == .person { settlePersonName(&record, input: input) }
        let before = webhookData(entity, old)
        var after = webhookData(entity, record)
        var previous: [String: JSONValue] = [:]
        for (key, value) in after where key != "update_time" && before[key] != value {
            if key == "custom_fields", case .object(let oldCustom)? = before[key], case .object(let newCustom) = value {
                previous[key] = .object(oldCustom.filter { newCustom[$0.key] != $0.value })
            } else {
                previous[key] = before[key] ?? .null
            }
        }
        guard !previous.isEmpty else { return (old, nil) }
        record.updateTime = now
        after["update_time"] = .string(PipedriveTime.rfc3339(now))
        put(entity, record)
        let change = PipedriveChange(action: .change, entity: entity, entityID: id, userID: userID, source: source,
                                     at: date, data: .object(after), previous: .object(previous), after: record, before: old)
        return (record, change)
    }

    /// Soft delete: the record stays readable for `status=deleted` lists and recents.
    mutating func delete(_ entity: PipedriveEntity, id: Int, by userID: Int, source: PipedriveChangeSource,
                         at date: Date) throws(PipedriveAPIError) -> PipedriveChange {
        let old = try live(entity, id)
        var record = old
        record.isDeleted = true
        record.updateTime = max(PipedriveTime.epoch(date), old.updateTime)
        if entity == .deal { record.fields["status"] = "deleted" }
        put(entity, record)
        return PipedriveChange(action: .delete, entity: entity, entityID: id, userID: userID, source: source, at: date,
                               data: .null, previous: .object(webhookData(entity, old)), after: nil, before: old)
    }

    private func defaults(_ entity: PipedriveEntity, userID: Int, source: PipedriveChangeSource) -> [String: JSONValue] {
        let owner = JSONValue.number(Double(userID))
        switch entity {
        case .deal:
            let stage = company.firstStage(inPipeline: 1)!
            return ["creator_user_id": owner, "owner_id": owner, "value": 0, "currency": "USD",
                    "pipeline_id": .number(Double(stage.pipelineID)), "stage_id": .number(Double(stage.id)),
                    "status": "open", "is_archived": false, "visible_to": 3, "label_ids": [],
                    "origin": source == .api ? "API" : "ManuallyCreated"]
        case .person:
            return ["owner_id": owner, "emails": [], "phones": [], "visible_to": 3, "label_ids": []]
        case .organization:
            return ["owner_id": owner, "visible_to": 3, "label_ids": []]
        }
    }

    /// Pipeline follows stage; `stage_change_time`, and won/lost/close times follow status.
    private func settleDeal(_ record: inout PipedriveRecord, old: PipedriveRecord?, input: PipedriveInput, now: Int) throws(PipedriveAPIError) {
        if let stageID = input.fields["stage_id"]?.intValue, let stage = company.stage(stageID) {
            if let pipelineID = input.fields["pipeline_id"]?.intValue, pipelineID != stage.pipelineID {
                throw .badRequest("Stage \(stageID) does not belong to pipeline \(pipelineID)")
            }
            record.fields["pipeline_id"] = .number(Double(stage.pipelineID))
        } else if let pipelineID = input.fields["pipeline_id"]?.intValue,
                  company.stage(record.int("stage_id") ?? 0)?.pipelineID != pipelineID,
                  let first = company.firstStage(inPipeline: pipelineID) {
            record.fields["stage_id"] = .number(Double(first.id))
        }
        if old == nil || old?.int("stage_id") != record.int("stage_id") {
            record.fields["stage_change_time"] = .number(Double(now))
        }
        let status = record.string("status") ?? "open"
        guard old?.string("status") != status || old == nil else { return }
        switch status {
        case "won":
            if input.fields["won_time"] == nil { record.fields["won_time"] = .number(Double(now)) }
            if input.fields["close_time"] == nil { record.fields["close_time"] = record.fields["won_time"] }
            record.fields["lost_time"] = .null
        case "lost":
            if input.fields["lost_time"] == nil { record.fields["lost_time"] = .number(Double(now)) }
            if input.fields["close_time"] == nil { record.fields["close_time"] = record.fields["lost_time"] }
            record.fields["won_time"] = .null
        default:
            if old != nil {
                record.fields["close_time"] = .null
                record.fields["won_time"] = .null
                record.fields["lost_time"] = .null
            }
        }
    }

    /// Pipedrive splits a person's `name` into first and last name.
    private func settlePersonName(_ record: inout PipedriveRecord, input: PipedriveInput) {
        guard case .string(let name)? = input.fields["name"] else { return }
        let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
        record.fields["first_name"] = .string(parts.first ?? name)
        record.fields["last_name"] = parts.count > 1 ? .string(parts[1]) : .null
    }
}
