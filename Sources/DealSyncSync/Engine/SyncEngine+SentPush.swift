import DealSyncCore
import DealSyncResolver
import DealSyncStore
import Foundation

extension SyncEngine {
    /// Salesforce and Pipedrive stamp to the second: an edit made just after our send can carry a
    /// stamp up to this much before it.
    static let stampPrecision: TimeInterval = 1

    /// The state to resolve a report from `source` against, given a push to it whose outcome was
    /// never recorded (the process died between the API's answer and the commit, or the call
    /// timed out). Per pushed field, the report itself says what the source has seen:
    /// - our value: the push landed (this is its echo, whatever the stamp's precision says);
    /// - the value the source held before: the push has not landed; it runs again;
    /// - another value, on a version newer than any we had read from the source and stamped no
    ///   earlier than the send: a person edited it after our write, an edit on top of it and not
    ///   a concurrent one for the policy to throw away. (Our clock and the CRM's are compared
    ///   here; skew between them beyond the stamp precision makes such an edit concurrent.)
    /// Settled fields take the pushed version as the source's shadow before the report applies.
    func settlingSentPush(of record: RecordID, from source: SourceID, reported fields: [String: FieldValue],
                          reportedAt stamp: Date?, in state: RecordState, tx: OrgWriteTransaction) throws -> RecordState {
        guard let sent = try tx.sentPush(of: record, to: source) else { return state }
        let movedOn = stamp.map { stamp in
            state.stamps[source].map { stamp > $0 } ?? true
                && stamp >= sent.sentAt.addingTimeInterval(-Self.stampPrecision)
        } ?? false
        var settled = state
        var landed = false
        for (name, value) in sent.payload.fields {
            guard var field = settled.fields[name], let vector = sent.payload.vectors[name] else { continue }
            let shadow = field.shadows[source]
            if let shadow, shadow.vector.dominates(vector) { continue }
            let reported = fields[name]?.normalized
            let echo = reported == value.normalized
            guard echo || (movedOn && reported != shadow?.value) else { continue }
            field.shadows[source] = ReplicaShadow(value: value, vector: vector)
            settled.fields[name] = field
            landed = true
        }
        if landed || movedOn { try tx.clearSentPush(of: record, to: source) }
        return settled
    }
}
