import DealSyncCore
import DealSyncHooks
import DealSyncStore
import Foundation

extension DealFeatureInputs {
    /// Reads a deal's inputs from its canonical records (deal, company, contacts) and the
    /// feature store's rows; nil when the store holds no such deal.
    static func read(deal: RecordID, in tx: some OrgReading, now: Date) throws -> DealFeatureInputs? {
        guard let record = try tx.record(deal), record.kind == .deal else { return nil }
        let fields = try tx.fieldValues(["stage", "owner", "company"], of: [deal])[deal] ?? [:]
        var dependsOn: Set<RecordID> = []
        var employees: Double?
        var industry: String?
        if case .reference(let company)? = fields["company"] {
            dependsOn.insert(company)
            let companyFields = try tx.fieldValues(["employees", "industry"], of: [company])[company] ?? [:]
            if case .decimal(let d)? = companyFields["employees"] { employees = Double(truncating: d as NSNumber) }
            if case .string(let s)? = companyFields["industry"] { industry = s }
        }
        // One read of the deal's activities serves the 30-day window and the all-time contacts.
        let activities = try tx.activitySignals(deal: deal)
        let contacts = Set(activities.compactMap(\.contact))
        dependsOn.formUnion(contacts)
        var seniority = activities.compactMap(\.seniority).max()
        for (_, contactFields) in try tx.fieldValues(["title"], of: contacts) {
            if case .string(let title)? = contactFields["title"], let value = Seniority(title: title).featureValue {
                seniority = max(seniority ?? value, value)
            }
        }
        return DealFeatureInputs(
            createdAt: record.createdAt, stage: fields["stage"]?.featureLabel, owner: fields["owner"]?.featureLabel,
            employees: employees, industry: industry,
            counters: try tx.featureCounters(deal: deal) ?? DealFeatureCounters(),
            recent: activities.filter { $0.at >= now.addingTimeInterval(-window) },
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
