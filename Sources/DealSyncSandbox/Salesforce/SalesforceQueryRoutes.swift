import Foundation

/// A query's remaining rows, kept server-side as Salesforce keeps a query locator. The row
/// ids are fixed when the query runs; field values are read when each batch is fetched.
struct SFQueryCursor: Sendable {
    var fields: [SFField]
    var parents: [SOQLParentSelect]
    var ids: [String]
    var batchSize: Int
}

/// Open query locators. Like the real platform, a locator expires after 15 minutes without
/// use, and only the newest `capacity` are kept (each holds its result's ids).
struct SalesforceCursors: Sendable {
    static let capacity = 50
    static let idleLimit: Int64 = 15 * 60_000
    private var open: [String: (cursor: SFQueryCursor, touched: Int64)] = [:]
    private var order: [String] = []
    private var serial = 0

    mutating func add(_ cursor: SFQueryCursor, now: Int64) -> String {
        serial += 1
        let locator = SalesforceID.make(prefix: "01g", serial: serial)
        open[locator] = (cursor, now)
        order.append(locator)
        for stale in order where now - (open[stale]?.touched ?? now) > Self.idleLimit { close(stale) }
        if order.count > Self.capacity { open[order.removeFirst()] = nil }
        return locator
    }

    /// The cursor behind a locator, marked as used now; nil once closed or expired.
    mutating func cursor(_ locator: String, now: Int64) -> SFQueryCursor? {
        guard let entry = open[locator], now - entry.touched <= Self.idleLimit else {
            close(locator)
            return nil
        }
        open[locator]?.touched = now
        return entry.cursor
    }

    mutating func close(_ locator: String) {
        open[locator] = nil
        order.removeAll { $0 == locator }
    }
}

extension SalesforceEmulator {
    /// `GET query?q=` and `queryAll?q=` (which also returns deleted rows), and
    /// `GET query/{locator}-{offset}` for the following batches.
    func query(_ ctx: SFRequestContext, _ state: inout SalesforceState, includeDeleted: Bool) -> SFReply {
        guard ctx.request.method == "GET" else { return .error(.methodNotAllowed(ctx.request.method, allowed: "GET,HEAD")) }
        if ctx.rest.count == 2 { return more(ctx.rest[1], ctx, &state) }
        guard ctx.rest.count == 1 else { return .error(.notFound) }
        guard let text = ctx.request.queryValue("q"), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .error(SFError(400, "MALFORMED_QUERY", "A query string has to be specified"))
        }
        let plan: SOQLPlan
        do throws(SFError) {
            plan = try SOQLCompiler(text: text, now: ctx.now).compile(try SOQLParser.parse(text))
        } catch {
            return .error(error)
        }
        let ids = plan.run(on: state.store.table(plan.object.name), includeDeleted: includeDeleted)
        if plan.isCount { return .json(200, ["totalSize": .number(Double(ids.count)), "done": true, "records": []]) }
        let cursor = SFQueryCursor(fields: plan.fields, parents: plan.parents, ids: ids, batchSize: batchSize(ctx.request))
        return page(cursor, from: 0, locator: nil, ctx, &state)
    }

    private func more(_ token: String, _ ctx: SFRequestContext, _ state: inout SalesforceState) -> SFReply {
        let parts = token.split(separator: "-")
        guard parts.count == 2, let offset = Int(parts[1]), let cursor = state.cursors.cursor(String(parts[0]), now: ctx.now),
              offset >= 0, offset <= cursor.ids.count else {
            return .error(SFError(400, "INVALID_QUERY_LOCATOR", "invalid query locator"))
        }
        return page(cursor, from: offset, locator: String(parts[0]), ctx, &state)
    }

    private func page(_ cursor: SFQueryCursor, from offset: Int, locator: String?, _ ctx: SFRequestContext,
                      _ state: inout SalesforceState) -> SFReply {
        let end = min(cursor.ids.count, offset + cursor.batchSize)
        let records: [JSONValue] = cursor.ids[offset..<end].compactMap { id in
            guard let r = state.store.record(id: id) else { return nil }
            return SalesforceRender.queryRow(r, fields: cursor.fields, parents: cursor.parents, store: state.store,
                                             version: ctx.version)
        }
        var body: [String: JSONValue] = ["totalSize": .number(Double(cursor.ids.count)), "done": .bool(end >= cursor.ids.count),
                                         "records": .array(records)]
        if end < cursor.ids.count {
            let id = locator ?? state.cursors.add(cursor, now: ctx.now)
            // queryAll's locators are also served under /query, as on the real API.
            body["nextRecordsUrl"] = .string("/services/data/\(ctx.version)/query/\(id)-\(end)")
        } else if let locator {
            state.cursors.close(locator)
        }
        return .json(200, .object(body))
    }

    /// `Sforce-Query-Options: batchSize=N`, taken within the documented 200…2000.
    private func batchSize(_ request: SandboxRequest) -> Int {
        guard let options = request.header("Sforce-Query-Options") else { return 2000 }
        for part in options.split(separator: ",") {
            let kv = part.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == "batchsize", let n = Int(kv[1]) { return min(2000, max(200, n)) }
        }
        return 2000
    }
}
