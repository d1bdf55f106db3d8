import DealSyncCore
import DealSyncStore
import Foundation

/// What a reconciliation found for one object of one source: records the source and the store
/// disagree on although no sync work explains it. Zero is the healthy value.
public struct DriftReport: Sendable, Hashable {
    /// Records the source lists.
    public var remoteCount = 0
    /// Live records the store has linked to the source.
    public var storeCount = 0
    /// In the source, never linked: a create the feed did not deliver.
    public var unlinked: [String] = []
    /// Linked and live in the store, absent from the source: a delete the feed did not deliver.
    public var missing: [RecordID] = []
    /// Linked, but the mapped fields differ from the store's and no push is pending.
    public var differing: [String] = []
    /// External ids listed so far; only ids are kept, so a large object is compared page by page.
    var listed: Set<String> = []

    public var drift: Int { unlinked.count + missing.count + differing.count }

    public init() {}
}

extension SyncEngine {
    /// Compares one page of a full listing of `kind` in `source` with the store. Read-only: the
    /// caller re-fetches drifted records so the resolver, not this check, decides what they mean.
    public func compare(_ page: [RemoteRecord], of kind: RecordKind, in source: SourceID,
                        into report: inout DriftReport) async throws {
        guard let crm = sources[source] else {
            throw SyncError(.validation, code: "sync.unknown_source", message: "\(source) is not a CRM source of \(store.org)")
        }
        let result = try await store.read { [report] tx in
            var report = report
            let pending = try tx.recordsWithPendingPushes(to: source)
            let references = TransactionReferences(tx: tx, sources: referenceSources)
            for remote in page where report.listed.insert(remote.externalID).inserted {
                report.remoteCount += 1
                guard let record = try tx.recordID(for: kind, externalID: remote.externalID, in: source) else {
                    report.unlinked.append(remote.externalID)
                    continue
                }
                report.storeCount += 1
                guard !pending.contains(record) else { continue }
                let mapped = mappings.toCanonical(kind, crm, remoteFields: remote.fields, references: references)
                let state = try tx.resolverState(of: record)
                let held = mapped.keys.reduce(into: [String: FieldValue]()) { $0[$1] = state.fields[$1]?.value ?? .null }
                if Self.fingerprint(mapped) != Self.fingerprint(held) { report.differing.append(remote.externalID) }
            }
            return report
        }
        report = result
    }

    /// After the last page: the records linked to `source` that it no longer lists.
    public func finish(_ report: inout DriftReport, of kind: RecordKind, in source: SourceID) async throws {
        let result = try await store.read { [report] tx in
            var report = report
            let pending = try tx.recordsWithPendingPushes(to: source)
            for (key, record) in try tx.links(in: source, prefix: LinkKey.make(kind, ""))
            where !report.listed.contains(LinkKey.strip(key)) && !pending.contains(record) {
                guard try !tx.resolverState(of: record).isDeleted else { continue }
                report.missing.append(record)
                report.storeCount += 1
            }
            return report
        }
        report = result
    }

    /// The normalised fields in name order, blank and absent alike: two records agree exactly
    /// when their fingerprints are equal (a digest would only add a collision risk here).
    static func fingerprint(_ fields: [String: FieldValue]) -> String {
        fields.sorted { $0.key < $1.key }.compactMap { name, value in
            let normalized = value.normalized
            return normalized.isBlank ? nil : "\(name)\u{1F}\(normalized.sortKey)"
        }.joined(separator: "\u{1E}")
    }
}
