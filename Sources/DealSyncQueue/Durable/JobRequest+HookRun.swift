import DealSyncCore
import DealSyncStore
import Foundation

extension JobRequest {
    /// A hook run for a committed change of `record`, executed by the `local` replica's worker
    /// (see `HookRunRequest` for the parameters). `texts` are new message texts (a mail
    /// activity's body) the enrichment stage reads.
    public static func hookRun(record: RecordID, kind: RecordKind, changed: [String],
                               previous: [String: FieldValue] = [:], texts: [String] = [],
                               priority: JobPriority = .normal) -> JobRequest {
        let request = HookRunRequest(record: record, kind: kind, changed: changed, previous: previous, texts: texts)
        return JobRequest(source: .local, kind: .hookRun, object: kind.rawValue, record: record, priority: priority,
                          payload: request.payload)
    }
}
