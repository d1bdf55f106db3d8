import DealSyncCore
import Foundation

/// Pipedrive API v2 wire shapes, written from Pipedrive's OpenAPI documents.
enum PipedriveWire {
    static func collection(_ kind: RecordKind) -> String? {
        switch kind {
        case .deal: "deals"
        case .contact: "persons"
        case .company: "organizations"
        case .activity: nil
        }
    }

    static func fieldsPath(_ kind: RecordKind) -> String? {
        switch kind {
        case .deal: "dealFields"
        case .contact: "personFields"
        case .company: "organizationFields"
        case .activity: nil
        }
    }

    struct Envelope<T: Decodable>: Decodable {
        var success: Bool
        var data: T?
        var additional_data: AdditionalData?
        var error: String?
    }

    struct AdditionalData: Decodable { var next_cursor: String? }

    struct Field: Decodable {
        var field_name: String
        var field_code: String
        var is_custom_field: Bool?
    }

    struct Stage: Decodable {
        var id: Int
        var name: String
        var pipeline_id: Int?
    }

    struct SearchResult: Decodable {
        struct Item: Decodable {
            struct Inner: Decodable { var id: Int }
            var item: Inner
        }
        var items: [Item]
    }

    struct Deleted: Decodable { var id: Int }

    /// Pipedrive v2 stamps are RFC 3339 without fractions (`2025-01-01T10:20:00Z`).
    static func rfc3339(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
    }
}
