import DealSyncCore
import DealSyncQueue
import Foundation
import Yams

/// `connectors_dir`: one YAML file per CRM API (`connectors/hubspot.yaml`) seeding the queue's
/// rate budget for every source of that kind. The API's own headers correct the budget live;
/// these files say what to assume before the first response, how much of the daily quota this
/// daemon may take, and how much to keep back from backfill. A kind without a file keeps the
/// published defaults (`RateBudgetConfig.salesforce`, …).
///
///     kind: hubspot
///     burst:
///       requests: 100      # per window
///       window: 10s
///     daily:
///       requests: 250000   # the account's daily quota
///       max_share: 0.8     # at most this share for DealSync; other integrations share the rest
///     reserved_share: 0.2  # kept for high-value, normal and admin writes; backfill never takes it
///     batch:               # optional; defaults are each API's maximum (Salesforce 200, HubSpot 100, Pipedrive 1)
///       size: 100          # records per write request, at most the API's maximum
///       concurrent: 1      # write requests in flight at once for one source account
extension ConfigParse {
    static let connectorKeys = ["kind", "burst", "daily", "reserved_share", "batch"]
    static let connectorBatchKeys = ["size", "concurrent"]
    static let connectorBurstKeys = ["requests", "window"]
    static let connectorDailyKeys = ["requests", "max_share"]

    /// Every `*.yaml` / `*.yml` file of `directory`, by CRM kind. Problems are reported against
    /// the connector file (`connectors/hubspot.yaml:4: burst.window: …`).
    mutating func connectors(_ directory: String) -> [CRMKind: ConnectorLimits] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var limits: [CRMKind: ConnectorLimits] = [:]
        var files: [CRMKind: String] = [:]
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = directory + "/" + name
            var file = YAMLFieldReader(file: path)
            let parsed = Self.connector(path, reader: &file)
            reader.absorb(file)
            guard let (kind, connector, line) = parsed else { continue }
            if let other = files[kind] {
                var duplicate = YAMLFieldReader(file: path)
                duplicate.fail(line, "kind", "\(kind.rawValue) is already configured by \(other)")
                reader.absorb(duplicate)
                continue
            }
            files[kind] = path
            limits[kind] = connector
        }
        return limits
    }

    /// One connector file: its kind, its limits, and the line of `kind` (for duplicate reports).
    static func connector(_ path: String, reader: inout YAMLFieldReader) -> (CRMKind, ConnectorLimits, Int?)? {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            reader.fail(nil, "", "cannot read file")
            return nil
        }
        let root: Node
        do {
            root = try Yams.compose(yaml: text) ?? Node.mapping(.init([]))
        } catch {
            let issue = ConfigLoader.syntaxIssue(error, file: path)
            reader.fail(issue.line, "", issue.message)
            return nil
        }
        let top = YAMLField(node: root, path: "", keyLine: 1)
        guard let fields = reader.mapping(top, allowed: connectorKeys) else { return nil }
        var kind: CRMKind?
        if let f = reader.require(fields, "kind", in: top), let text = reader.string(f) {
            kind = CRMKind(rawValue: text)
            if kind == nil {
                reader.fail(f, "unknown CRM \"\(text)\" (expected \(CRMKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        guard let kind else { return nil }
        var budget = RateBudgetConfig.published(kind)
        if let f = reader.require(fields, "burst", in: top), let burst = reader.mapping(f, allowed: connectorBurstKeys) {
            if let r = reader.require(burst, "requests", in: f), let n = count(r, &reader) { budget.burstLimit = n }
            if let w = reader.require(burst, "window", in: f), let d = reader.parsed(w, ConfigDuration.parse) {
                budget.burstWindow = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            }
        }
        if let f = fields["daily"] {
            if reader.isNull(f.node) {
                budget.dailyLimit = nil
            } else if let daily = reader.mapping(f, allowed: connectorDailyKeys) {
                if let r = reader.require(daily, "requests", in: f), let n = count(r, &reader) { budget.dailyLimit = n }
                if let s = daily["max_share"], let v = share(s, &reader, allowZero: false) { budget.dailyShare = v }
            }
        }
        if let f = fields["reserved_share"], let v = share(f, &reader, allowZero: true) {
            if v > 0.9 {
                reader.fail(f, "at most 0.9: backfill needs some of the budget to make progress")
            } else {
                budget.reservedShare = v
            }
        }
        var batches = BatchLimits.published(kind)
        if let f = fields["batch"], let batch = reader.mapping(f, allowed: connectorBatchKeys) {
            if let s = batch["size"], let n = count(s, &reader) {
                let maximum = BatchLimits.published(kind).batchSize
                if n > maximum {
                    reader.fail(s, "\(kind.rawValue) accepts at most \(maximum) records per write request")
                } else {
                    batches.batchSize = n
                }
            }
            if let c = batch["concurrent"], let n = count(c, &reader) { batches.concurrentBatches = n }
        }
        return (kind, ConnectorLimits(budget: budget, batches: batches), fields["kind"]?.line)
    }

    /// A positive whole number (requests, records, batches).
    static func count(_ field: YAMLField, _ reader: inout YAMLFieldReader) -> Int? {
        guard let text = reader.string(field) else { return nil }
        guard let n = Int(text.replacingOccurrences(of: "_", with: "")), n > 0 else {
            reader.fail(field, "expected a positive whole number, found \"\(text)\"")
            return nil
        }
        return n
    }

    /// A share written as a fraction (`0.8`) or a percentage (`80%`).
    static func share(_ field: YAMLField, _ reader: inout YAMLFieldReader, allowZero: Bool) -> Double? {
        guard let text = reader.string(field) else { return nil }
        let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        guard let value, value <= 1, allowZero ? value >= 0 : value > 0 else {
            let range = allowZero ? "0 to 1" : "above 0 up to 1"
            reader.fail(field, "expected a share from \(range) (e.g. 0.8 or 80%), found \"\(text)\"")
            return nil
        }
        return value
    }
}
