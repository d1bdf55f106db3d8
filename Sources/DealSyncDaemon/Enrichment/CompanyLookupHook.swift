import DealSyncCore
import DealSyncHooks
import Foundation

/// The company half of email enrichment (DESIGN §6): when a company record has a domain and
/// blanks the lookup can fill (a company first seen in mail has only its domain), it asks the
/// `CompanyDirectory` and proposes `local` edits for the blank fields only, never overwriting
/// what a CRM or a person entered. Free-mail domains are skipped; a throttled or unreachable
/// service defers the lookup and the change goes on without it.
struct CompanyLookupHook: Hook {
    let name = "company_lookup"
    let stage = HookStage.enrichment
    /// The lookup's own deadline is shorter (`EnrichmentSettings.timeout`); the cache answers in ms.
    let timeout: Duration = .seconds(3)
    let directory: CompanyDirectory

    static let fillable = ["name", "industry", "employees", "city", "country"]

    func run(_ work: HookWork) async throws -> HookWork {
        let change = work.change
        guard change.kind == .company, case .string(let domain)? = change.fields["domain"],
              Self.fillable.contains(where: { Self.isBlank(change.fields[$0]) }) else { return work }
        guard case .company(let profile, _) = await directory.company(domain: domain) else { return work }
        var work = work
        for (field, value) in Self.values(profile) where Self.isBlank(change.fields[field]) {
            work.edits.append(FieldEdit(record: change.record, field: field, value: value))
        }
        return work
    }

    /// Enrichment proceeds without the company.
    func fallback(_ work: HookWork, after failure: HookFailure) -> HookWork? { work }

    static func values(_ p: CompanyProfile) -> [(String, FieldValue)] {
        var out: [(String, FieldValue)] = []
        if let v = p.name, !v.isEmpty { out.append(("name", .string(v))) }
        if let v = p.industry, !v.isEmpty { out.append(("industry", .string(v))) }
        if let v = p.employees { out.append(("employees", .decimal(Decimal(v)))) }
        if let v = p.city, !v.isEmpty { out.append(("city", .string(v))) }
        if let v = p.country, !v.isEmpty { out.append(("country", .string(v))) }
        return out
    }

    static func isBlank(_ value: FieldValue?) -> Bool {
        switch value {
        case nil, .null?: true
        case .string(let s)?: s.trimmingCharacters(in: .whitespaces).isEmpty
        default: false
        }
    }
}
