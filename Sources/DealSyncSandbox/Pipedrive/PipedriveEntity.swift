import Foundation

/// The three Pipedrive objects DealSync syncs. Each has its own id sequence, as in Pipedrive.
enum PipedriveEntity: String, CaseIterable, Sendable, Hashable {
    case deal, person, organization

    /// The collection name in API paths: `/api/v2/deals`, `/v1/persons`.
    var plural: String {
        switch self {
        case .deal: "deals"
        case .person: "persons"
        case .organization: "organizations"
        }
    }

    /// The fields endpoint: `dealFields`, `personFields`, `organizationFields`.
    var fieldsPath: String { rawValue + "Fields" }

    /// How Pipedrive names the object in messages: "Deal not found".
    var displayName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    init?(plural: String) {
        guard let match = Self.allCases.first(where: { $0.plural == plural }) else { return nil }
        self = match
    }

    /// Accepts the names a test or `/__sandbox/edit` caller might use: `deal`, `deals`,
    /// `person`, `persons`, `people`, `organization`, `organizations`, `org`.
    init?(objectName: String) {
        switch objectName.lowercased() {
        case "deal", "deals": self = .deal
        case "person", "persons", "people", "contact", "contacts": self = .person
        case "organization", "organizations", "org", "orgs", "company", "companies": self = .organization
        default: return nil
        }
    }
}

/// One stored deal, person or organization. Standard fields are kept in their v2 wire form
/// (numbers, strings, arrays) except timestamps, which are whole UTC seconds so that v1 and v2
/// can each spell them their own way.
struct PipedriveRecord: Sendable, Hashable {
    var id: Int
    /// v2 field name → value, without `id`, `add_time`, `update_time`, `is_deleted`, `custom_fields`.
    var fields: [String: JSONValue]
    /// Custom field hash key → value; unset fields are absent.
    var custom: [String: JSONValue]
    var addTime: Int
    var updateTime: Int
    var isDeleted: Bool

    /// Standard deal fields that hold timestamps (epoch seconds while stored).
    static let timeFields: Set<String> = ["stage_change_time", "won_time", "lost_time", "close_time", "archive_time"]

    func int(_ key: String) -> Int? { fields[key]?.intValue }
    func string(_ key: String) -> String? { if case .string(let s)? = fields[key] { s } else { nil } }
}

/// Who made a change: the API caller (the integration user) or a person in the Pipedrive app.
/// Webhooks report it as `meta.change_source`.
enum PipedriveChangeSource: String, Sendable {
    case api, app
}
