import Crypto
import Foundation

/// One deal, person or organization field as the fields endpoints describe it. Custom fields
/// have 40-hex-character keys, the way Pipedrive names fields an admin creates.
struct PipedriveFieldDefinition: Sendable, Hashable {
    var id: Int
    /// The key in v2 bodies (`owner_id`) or the custom field's hash.
    var code: String
    /// The key v1 uses (`user_id` for a deal's owner); equal to `code` for most fields.
    var v1Key: String
    var name: String
    /// Pipedrive field type: varchar, text, double, monetary, date, user, people, org, stage, status…
    var type: String
    var isCustom: Bool
    var mandatory: Bool
}

/// The field schema of the sandbox company: Pipedrive's standard fields plus the custom fields
/// DealSync uses (DESIGN §4, §6), created "by the admin" with keys derived from the seeded world,
/// so the same seed always gives the same keys and different worlds give different ones.
struct PipedriveFieldCatalog: Sendable {
    static let dealSyncID = "DealSync ID"
    static let dealSyncScore = "DealSync Score"
    static let dealSyncRisk = "DealSync Risk"
    static let dealSyncNextAction = "DealSync Next Action"

    private var byEntity: [PipedriveEntity: [PipedriveFieldDefinition]] = [:]
    /// The custom subset, kept apart because every rendered record walks it.
    private var customByEntity: [PipedriveEntity: [PipedriveFieldDefinition]] = [:]

    init(fingerprint: String) {
        var nextID = 1
        func standard(_ code: String, _ name: String, _ type: String, v1Key: String? = nil, mandatory: Bool = false) -> PipedriveFieldDefinition {
            defer { nextID += 1 }
            return PipedriveFieldDefinition(id: nextID, code: code, v1Key: v1Key ?? code, name: name, type: type,
                                            isCustom: false, mandatory: mandatory)
        }
        func custom(_ entity: PipedriveEntity, _ name: String, _ type: String) -> PipedriveFieldDefinition {
            let digest = Insecure.SHA1.hash(data: Data("\(fingerprint)|\(entity.rawValue)|\(name)".utf8))
            let key = digest.map { String(format: "%02x", $0) }.joined()
            defer { nextID += 1 }
            return PipedriveFieldDefinition(id: 12_000 + nextID, code: key, v1Key: key, name: name, type: type,
                                            isCustom: true, mandatory: false)
        }
        byEntity[.deal] = [
            standard("id", "ID", "int"),
            standard("title", "Title", "varchar", mandatory: true),
            standard("value", "Value", "monetary"),
            standard("currency", "Currency", "varchar_options"),
            standard("owner_id", "Owner", "user", v1Key: "user_id"),
            standard("person_id", "Contact person", "people"),
            standard("org_id", "Organization", "org"),
            standard("pipeline_id", "Pipeline", "double"),
            standard("stage_id", "Stage", "stage"),
            standard("status", "Status", "status"),
            standard("probability", "Probability", "double"),
            standard("expected_close_date", "Expected close date", "date"),
            standard("lost_reason", "Lost reason", "varchar"),
            standard("visible_to", "Visible to", "visible_to"),
            standard("add_time", "Deal created", "date"),
            standard("update_time", "Update time", "date"),
            standard("stage_change_time", "Last stage change", "date"),
            standard("won_time", "Won time", "date"),
            standard("lost_time", "Lost time", "date"),
            standard("close_time", "Deal closed on", "date"),
            custom(.deal, Self.dealSyncID, "varchar"),
            custom(.deal, Self.dealSyncScore, "double"),
            custom(.deal, Self.dealSyncRisk, "varchar"),
            custom(.deal, Self.dealSyncNextAction, "text"),
        ]
        byEntity[.person] = [
            standard("id", "ID", "int"),
            standard("name", "Name", "varchar", mandatory: true),
            standard("first_name", "First name", "varchar"),
            standard("last_name", "Last name", "varchar"),
            standard("emails", "Email", "varchar", v1Key: "email"),
            standard("phones", "Phone", "phone", v1Key: "phone"),
            standard("org_id", "Organization", "org"),
            standard("owner_id", "Owner", "user"),
            standard("job_title", "Job title", "varchar"),
            standard("visible_to", "Visible to", "visible_to"),
            standard("add_time", "Person created", "date"),
            standard("update_time", "Update time", "date"),
            custom(.person, Self.dealSyncID, "varchar"),
        ]
        byEntity[.organization] = [
            standard("id", "ID", "int"),
            standard("name", "Name", "varchar", mandatory: true),
            standard("owner_id", "Owner", "user"),
            standard("address", "Address", "address"),
            standard("website", "Website", "varchar"),
            standard("employee_count", "Number of employees", "int"),
            standard("visible_to", "Visible to", "visible_to"),
            standard("add_time", "Organization created", "date"),
            standard("update_time", "Update time", "date"),
            custom(.organization, Self.dealSyncID, "varchar"),
        ]
        customByEntity = byEntity.mapValues { $0.filter(\.isCustom) }
    }

    func fields(of entity: PipedriveEntity) -> [PipedriveFieldDefinition] { byEntity[entity] ?? [] }

    func customFields(of entity: PipedriveEntity) -> [PipedriveFieldDefinition] { customByEntity[entity] ?? [] }

    func customField(_ entity: PipedriveEntity, key: String) -> PipedriveFieldDefinition? {
        customFields(of: entity).first { $0.code == key }
    }

    func customField(_ entity: PipedriveEntity, named name: String) -> PipedriveFieldDefinition? {
        customFields(of: entity).first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// Checks a custom field value against its type, as Pipedrive does before storing it.
    func validate(_ value: JSONValue, for field: PipedriveFieldDefinition) throws(PipedriveAPIError) -> JSONValue {
        if value.isNull { return .null }
        switch field.type {
        case "double", "monetary", "int":
            guard case .number = value else {
                throw .badRequest("Custom field '\(field.name)' (\(field.code)) expects a number")
            }
            return value
        case "varchar":
            guard case .string(let s) = value else {
                throw .badRequest("Custom field '\(field.name)' (\(field.code)) expects a string")
            }
            guard s.count <= 255 else { throw .badRequest("Custom field '\(field.name)' is longer than 255 characters") }
            return value
        default:
            guard case .string = value else {
                throw .badRequest("Custom field '\(field.name)' (\(field.code)) expects a string")
            }
            return value
        }
    }
}
