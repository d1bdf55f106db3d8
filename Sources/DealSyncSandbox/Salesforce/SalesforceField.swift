import Foundation

/// The describe types the emulated fields use (the `type` of a field in `describe`).
enum SFFieldType: String, Sendable {
    case id, string, textarea, email, phone, url, picklist, combobox, currency, double, percent, int
    case boolean, date, datetime, reference

    var isText: Bool {
        switch self {
        case .id, .string, .textarea, .email, .phone, .url, .picklist, .combobox, .reference: true
        default: false
        }
    }

    var isNumber: Bool { self == .currency || self == .double || self == .percent || self == .int }

    /// The SOAP type `describe` reports beside `type`.
    var soapType: String {
        switch self {
        case .id, .reference: "tns:ID"
        case .currency, .double, .percent: "xsd:double"
        case .int: "xsd:int"
        case .boolean: "xsd:boolean"
        case .date: "xsd:date"
        case .datetime: "xsd:dateTime"
        default: "xsd:string"
        }
    }

    /// The type name used in SOQL filter errors ("must be of type double").
    var soqlName: String {
        switch self {
        case .currency, .percent, .double: "double"
        case .int: "integer"
        case .datetime: "dateTime"
        case .id, .reference: "id"
        default: isText ? "string" : rawValue
        }
    }
}

/// One field of an emulated sObject, with the flags `describe` reports and writes enforce.
struct SFField: Sendable {
    var name: String
    var type: SFFieldType
    var label: String
    var length: Int = 0
    var createable = true
    var updateable = true
    var nillable = true
    /// Not nillable, but the platform fills a value on create when none is given.
    var defaultedOnCreate = false
    var externalId = false
    var unique = false
    var custom: Bool { name.hasSuffix("__c") }
    var picklist: [String] = []
    var restrictedPicklist = false
    var defaultPicklistValue: String? = nil
    var referenceTo: [String] = []
    var relationshipName: String? = nil
    var precision = 0
    var scale = 0

    /// A create must name this field: it has no default and cannot be null.
    var requiredOnCreate: Bool { createable && !nillable && !defaultedOnCreate && type != .boolean }

    static func text(_ name: String, _ label: String, length: Int = 255, type: SFFieldType = .string,
                     required: Bool = false) -> SFField {
        SFField(name: name, type: type, label: label, length: length, nillable: !required)
    }

    static func readOnly(_ name: String, _ type: SFFieldType, _ label: String, nillable: Bool = false) -> SFField {
        SFField(name: name, type: type, label: label, length: type == .id ? 18 : 0,
                createable: false, updateable: false, nillable: nillable)
    }

    static func reference(_ name: String, _ label: String, to targets: [String], relationship: String,
                          required: Bool = false, defaulted: Bool = false, updateable: Bool = true) -> SFField {
        SFField(name: name, type: .reference, label: label, length: 18, updateable: updateable,
                nillable: !required && !defaulted, defaultedOnCreate: defaulted,
                referenceTo: targets, relationshipName: relationship)
    }

    static func number(_ name: String, _ label: String, _ type: SFFieldType, precision: Int = 18, scale: Int = 2) -> SFField {
        SFField(name: name, type: type, label: label, precision: precision, scale: type == .int ? 0 : scale)
    }

    static func picklist(_ name: String, _ label: String, _ values: [String], restricted: Bool = false,
                         required: Bool = false, defaultValue: String? = nil, updateable: Bool = true) -> SFField {
        SFField(name: name, type: .picklist, label: label, length: 255, updateable: updateable,
                nillable: !required, defaultedOnCreate: defaultValue != nil, picklist: values,
                restrictedPicklist: restricted, defaultPicklistValue: defaultValue)
    }
}

/// An emulated sObject type: its fields and the object-level flags `describe` reports.
struct SObjectSchema: Sendable {
    var name: String
    var label: String
    var labelPlural: String
    var keyPrefix: String
    var fields: [SFField]
    var createable = true
    var updateable = true
    var deletable = true
    private var byLowercasedName: [String: Int] = [:]

    init(name: String, label: String, labelPlural: String, keyPrefix: String, fields: [SFField],
         writable: Bool = true) {
        self.name = name
        self.label = label
        self.labelPlural = labelPlural
        self.keyPrefix = keyPrefix
        self.fields = fields
        createable = writable
        updateable = writable
        deletable = writable
        for (i, f) in fields.enumerated() { byLowercasedName[f.name.lowercased()] = i }
    }

    /// Field names are case-insensitive in SOQL and in request bodies.
    func field(_ name: String) -> SFField? { byLowercasedName[name.lowercased()].map { fields[$0] } }

    var externalIdFields: [SFField] { fields.filter(\.externalId) }
}
