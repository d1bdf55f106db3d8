import DealSyncCore
import DealSyncHooks
import DealSyncStore
import Foundation

extension DealFeatureInputs {
    /// Reads a deal's inputs from its canonical records (deal, company, contacts) and the
    /// feature store's rows; nil when the store holds no such deal.
    static func read(deal: RecordID, in tx: some OrgReading, now: Date) throws -> DealFeatureInputs? {
        guard let record = try tx.record(deal), record.kind == .deal else { return nil }
        let fields = try tx.fields(of: deal)
        var dependsOn: Set<RecordID> = []
        var employees: Double?
        var industry: String?
        if case .reference(let company)? = fields["company"]?.value {
            dependsOn.insert(company)
            let companyFields = try tx.fields(of: company)
            if case .decimal(let d)? = companyFields["employees"]?.value { employees = Double(truncating: d as NSNumber) }
            if case .string(let s)? = companyFields["industry"]?.value { industry = s }
        }
        let (contacts, enriched) = try tx.activityContacts(deal: deal)
        var seniority = enriched
        for contact in contacts {
            dependsOn.insert(contact)
            if case .string(let title)? = try tx.field("title", of: contact)?.value,
               let value = Seniority(title: title).featureValue {
                seniority = max(seniority ?? value, value)
            }
        }
        return DealFeatureInputs(
            createdAt: record.createdAt, stage: fields["stage"]?.value.featureLabel, owner: fields["owner"]?.value.featureLabel,
            employees: employees, industry: industry,
            counters: try tx.featureCounters(deal: deal) ?? DealFeatureCounters(),
            recent: try tx.activitySignals(deal: deal, since: now.addingTimeInterval(-window)),
            seniority: seniority, dependsOn: dependsOn)
    }
}

extension FieldValue {
    /// The text of a string or enumeration value: a stage, an owner's email.
    var featureLabel: String? {
        switch self {
        case .string(let s), .enumeration(let s): s
        default: nil
        }
    }
}
