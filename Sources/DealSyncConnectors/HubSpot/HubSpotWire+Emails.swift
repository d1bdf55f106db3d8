import Foundation

/// Wire shapes of the email engagement object and v4 associations (HubSpot's documentation).
extension HubSpotWire {
    static let emailsPath = "emails"

    /// HUBSPOT_DEFINED association type ids from an email, by the target the mapping names
    /// (`associations.contact`, `associations.deal`, `associations.company`).
    static let emailAssociationTypes: [String: (objectType: String, typeId: Int)] = [
        "contact": ("contacts", 198), "deal": ("deals", 210), "company": ("companies", 186),
    ]

    struct AssociationSpec: Codable {
        var associationCategory: String
        var associationTypeId: Int
    }

    struct ObjectID: Codable { var id: String }

    struct CreateAssociation: Encodable {
        var to: ObjectID
        var types: [AssociationSpec]
    }

    struct CreateInput: Encodable {
        var properties: [String: String]
        var associations: [CreateAssociation]
        /// Echoed on the result and on errors, so a 207 answer can be matched to its input.
        var objectWriteTraceId: String
    }

    struct CreateRequest: Encodable { var inputs: [CreateInput] }

    struct CreatedObject: Decodable {
        var id: String
        var properties: [String: String?]
        var objectWriteTraceId: String?
    }

    struct CreateResponse: Decodable {
        var results: [CreatedObject]?
        var errors: [ErrorDetail]?
    }

    /// `IN` takes `values`, which the change-feed filter shape lacks.
    struct ValuesFilter: Encodable {
        var propertyName: String
        var `operator`: String
        var values: [String]
    }

    struct ValuesFilterGroup: Encodable { var filters: [ValuesFilter] }

    struct ValuesSearchRequest: Encodable {
        var filterGroups: [ValuesFilterGroup]
        var properties: [String]
        var limit: Int
        var after: String?
    }

    struct AssociationInput: Encodable {
        var from: ObjectID
        var to: ObjectID
        var types: [AssociationSpec]
    }

    struct AssociationRequest: Encodable { var inputs: [AssociationInput] }

    struct ArchiveInput: Encodable {
        var from: ObjectID
        var to: [ObjectID]
    }

    struct ArchiveRequest: Encodable { var inputs: [ArchiveInput] }

    struct ReadRequest: Encodable { var inputs: [ObjectID] }

    /// `POST /crm/v4/associations/{from}/{to}/batch/read`: per input, its targets.
    struct ReadResponse: Decodable {
        struct Target: Decodable { var toObjectId: Int64 }
        struct Result: Decodable {
            var from: ObjectID
            var to: [Target]
        }
        var results: [Result]?
    }

    static func emailAssociation(_ typeId: Int) -> AssociationSpec {
        AssociationSpec(associationCategory: "HUBSPOT_DEFINED", associationTypeId: typeId)
    }
}
