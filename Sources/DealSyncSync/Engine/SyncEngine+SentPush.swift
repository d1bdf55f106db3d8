import DealSyncCore
import DealSyncResolver
import DealSyncStore
import Foundation

extension SyncEngine {
    /// The state to resolve a report from `source` against, given a push to it whose outcome was
    /// never recorded (the process died between the API's answer and the commit, or the call
    /// timed out). A report stamped after the send shows a source that has moved past it: our
    /// version reached it, or a person edited it later. Either way the source has seen the pushed
    /// version, so its shadow becomes that version first and a later edit there reads as an edit
    /// on top of ours, not as concurrent with it. A report stamped before the send settles nothing;
    /// the push runs again.
    func settlingSentPush(of record: RecordID, from source: SourceID, reportedAt stamp: Date, in state: RecordState,
                          tx: OrgWriteTransaction) throws -> RecordState {
        guard let sent = try tx.sentPush(of: record, to: source), stamp > sent.sentAt else { return state }
        var settled = state
        for (name, value) in sent.payload.fields {
            guard var field = settled.fields[name], let vector = sent.payload.vectors[name] else { continue }
            if let shadow = field.shadows[source], shadow.vector.dominates(vector) { continue }
            field.shadows[source] = ReplicaShadow(value: value, vector: vector)
            settled.fields[name] = field
        }
        try tx.clearSentPush(of: record, to: source)
        return settled
    }
}
