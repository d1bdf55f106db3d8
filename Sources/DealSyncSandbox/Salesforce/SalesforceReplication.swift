import Foundation

/// `GET sobjects/{type}/updated/?start=&end=` and `…/deleted/?start=&end=` (replication API).
/// Both work at minute granularity; `updated` looks back at most 30 days and `deleted` as far
/// as the 15-day delete log reaches (`earliestDateAvailable`).
extension SalesforceEmulator {
    func replication(_ object: SObjectSchema, deleted: Bool, _ ctx: SFRequestContext, _ state: SalesforceState) -> SFReply {
        guard let startText = ctx.request.queryValue("start"), let endText = ctx.request.queryValue("end") else {
            return .error(SFError(400, "MISSING_ARGUMENT", "start and end must both be specified"))
        }
        guard let rawStart = SalesforceTime.parseDateTime(startText), let rawEnd = SalesforceTime.parseDateTime(endText) else {
            return .error(SFError(400, "INVALID_REPLICATION_DATE", "start and end must be ISO 8601 datetimes"))
        }
        let nowMinute = SalesforceTime.truncatedToMinute(ctx.now)
        let start = SalesforceTime.truncatedToMinute(rawStart)
        let end = min(SalesforceTime.truncatedToMinute(rawEnd), nowMinute)
        guard start < SalesforceTime.truncatedToMinute(rawEnd) else {
            return .error(SFError(400, "INVALID_REPLICATION_DATE", "startDate must chronologically precede endDate by more than one minute"))
        }
        if deleted {
            let log = state.store.deletions.filter { $0.type == object.name }
            let earliest = log.first.map { SalesforceTime.truncatedToMinute($0.at) }
                ?? SalesforceTime.truncatedToMinute(ctx.now - 15 * 86_400_000)
            let hits = log.filter { $0.at >= start && $0.at < end }
            return .json(200, [
                "deletedRecords": .array(hits.map {
                    ["id": .string($0.id), "deletedDate": .string(SalesforceTime.format($0.at))]
                }),
                "earliestDateAvailable": .string(SalesforceTime.format(earliest)),
                "latestDateCovered": .string(SalesforceTime.format(end)),
            ])
        }
        guard start >= ctx.now - 30 * 86_400_000 else {
            return .error(SFError(400, "INVALID_REPLICATION_DATE", "startDate cannot be more than 30 days ago"))
        }
        let table = state.store.table(object.name)
        let keys = table.stamps.range(lower: start, lowerInclusive: true, upper: end, upperInclusive: false)
        let ids = keys.compactMap { key in table.rows[key.id].flatMap { $0.isDeleted ? nil : $0.id } }
        guard ids.count <= 600_000 else {
            return .error(SFError(400, "EXCEEDED_ID_LIMIT", "too many ids: narrow the start and end"))
        }
        return .json(200, ["ids": .array(ids.map { .string($0) }), "latestDateCovered": .string(SalesforceTime.format(end))])
    }
}
