import DealSyncCore
import Foundation

/// Salesforce REST wire shapes, written from Salesforce's documentation.
enum SalesforceWire {
    static let apiVersion = "v59.0"
    static let externalIDField = "DealSync_Id__c"

    static func sobject(_ kind: RecordKind) -> String {
        switch kind {
        case .deal: "Opportunity"
        case .contact: "Contact"
        case .company: "Account"
        case .activity: "Task"
        }
    }

    struct QueryResult: Decodable {
        var totalSize: Int
        var done: Bool
        var nextRecordsUrl: String?
        var records: [[String: RemoteValue]]
    }

    struct Deleted: Decodable {
        struct Item: Decodable { var id: String; var deletedDate: String }
        var deletedRecords: [Item]
        var latestDateCovered: String?
    }

    struct APIError: Decodable {
        var message: String?
        var errorCode: String?
        var statusCode: String?
    }

    struct SaveResult: Decodable {
        var id: String?
        var success: Bool
        var errors: [APIError]?
        var created: Bool?
    }


    /// Salesforce stamps look like `2024-05-02T10:11:12.000+0000`.
    static func stamp(_ record: [String: RemoteValue]) -> Date? {
        (record["SystemModstamp"] ?? record["LastModifiedDate"])?.stringValue.flatMap(ISO8601.parse)
    }

    /// SOQL datetime literals carry whole seconds and no quotes.
    static func soqlDateTime(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
    }

    static func soqlString(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
