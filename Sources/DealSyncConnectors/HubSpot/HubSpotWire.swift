import DealSyncCore
import Foundation

/// HubSpot CRM v3 wire shapes, written from HubSpot's documentation (not shared with the sandbox).
enum HubSpotWire {
    struct Object: Decodable {
        var id: String
        var properties: [String: String?]
        var updatedAt: String?
        var archived: Bool?
        var archivedAt: String?
    }

    struct Page: Decodable {
        var results: [Object]
        var paging: Paging?
        var total: Int?
    }

    struct Paging: Decodable {
        struct Next: Decodable { var after: String }
        var next: Next?
    }

    struct Filter: Encodable {
        var propertyName: String
        var `operator`: String
        var value: String?
    }

    struct FilterGroup: Encodable { var filters: [Filter] }
    struct Sort: Encodable { var propertyName: String; var direction: String }

    struct SearchRequest: Encodable {
        var filterGroups: [FilterGroup]
        var sorts: [Sort]
        var properties: [String]
        var limit: Int
        var after: String?
    }

    struct BatchInput: Encodable {
        var id: String?
        var idProperty: String?
        var properties: [String: String]?
    }

    struct BatchRequest: Encodable {
        var inputs: [BatchInput]
        var properties: [String]?
        var idProperty: String?
    }

    struct BatchResponse: Decodable {
        var results: [Object]?
        var errors: [ErrorDetail]?
    }

    struct ErrorDetail: Decodable {
        var message: String?
        var category: String?
        var context: [String: [String]]?
    }

    struct ErrorBody: Decodable {
        var message: String?
        var category: String?
        var policyName: String?
        var errorType: String?
    }

    struct WebhookEvent: Decodable {
        /// Absent on association and some generic events, which name no single record.
        var objectId: Int64?
        var subscriptionType: String
    }

    static func objectPath(_ kind: RecordKind) -> String? {
        switch kind {
        case .deal: "deals"
        case .contact: "contacts"
        case .company: "companies"
        case .activity: nil
        }
    }

    /// Contacts carry their stamp in `lastmodifieddate`; deals and companies in `hs_lastmodifieddate`.
    static func modifiedProperty(_ kind: RecordKind) -> String {
        kind == .contact ? "lastmodifieddate" : "hs_lastmodifieddate"
    }

    /// Wire strings become remote values; the mapper types them.
    static func remoteFields(_ properties: [String: String?]) -> [String: RemoteValue] {
        properties.mapValues { $0.map(RemoteValue.string) ?? .null }
    }

    static func wireProperties(_ fields: [String: RemoteValue]) -> [String: String] {
        fields.mapValues { value in
            switch value {
            case .null: ""
            case .array(let items): items.compactMap(\.stringValue).joined(separator: ";")
            default: value.stringValue ?? ""
            }
        }
    }
}
