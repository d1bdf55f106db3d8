import Foundation
import DealSyncCore
import DealSyncResolver

/// The canonical type of a field; it decides normalisation and how remote values are parsed.
public enum FieldType: String, Sendable, Hashable, CaseIterable {
    case string, money, decimal, date, datetime
    case enumeration = "enum"
    case reference, multi, bool
}

/// Which way a field flows between a CRM and the canonical record.
public enum Direction: String, Sendable, Hashable, CaseIterable {
    /// Read from and written to the CRM.
    case both
    /// Read only: the CRM is a source for the field, never overwritten.
    case `in`
    /// Written only: the CRM holds a copy (scores, the DealSync id) that is never read back.
    case out

    var reads: Bool { self != .out }
    var writes: Bool { self != .in }
}

/// How a date or datetime travels on a CRM's wire.
public enum WireFormat: String, Sendable, Hashable, CaseIterable {
    /// `2024-06-30`
    case date
    /// ISO 8601 with milliseconds, `2024-06-30T00:00:00.000Z`
    case datetime
    /// ISO 8601 without fractional seconds, `2024-06-30T00:00:00Z` (Pipedrive v2 rejects ms)
    case isoSeconds = "iso_seconds"
    /// Unix epoch milliseconds
    case epochMs = "epoch_ms"
}

/// A value transform beyond the type's plain conversion.
public enum Transform: String, Sendable, Hashable, CaseIterable {
    /// CRM user ids ↔ canonical owner keys (emails) through the owner map.
    case owner
    /// A list of `{value, primary}` objects (Pipedrive emails, phones) ↔ its primary value.
    case primary
    /// A website URL ↔ its bare lower-case domain (`https://www.Acme.com/x` → `acme.com`).
    case domain
    /// The first word of a full-name field (Pipedrive persons have one `name` on write).
    case givenName = "given_name"
    /// The rest of a full-name field after the first word.
    case familyName = "family_name"
}

/// Names the connector must translate before or after the mapper runs.
public enum Lookup: String, Sendable, Hashable, CaseIterable {
    /// Pipedrive custom fields are addressed by their NAME here; the connector maps names to
    /// their 40-character hash keys from `dealFields`/`personFields`/`organizationFields`.
    case customField = "custom_field"
    /// Pipedrive `stage_id` carries the stage NAME here; the connector maps it to the id.
    case stageName = "stage_name"
}

/// One row of an enum value map: a canonical value ↔ the remote field values that spell it
/// (one field for most CRMs; Pipedrive stages need `stage_id` and `status`).
public struct ValueMapEntry: Sendable, Hashable {
    public var canonical: String
    /// Remote field → remote value, all of which must match on the way in.
    public var remote: [String: String]
    /// Accepted on the way in but never written (a second CRM stage folded into one canonical).
    public var inOnly: Bool
}

/// How one canonical field is held in one CRM.
public struct CRMBinding: Sendable, Hashable {
    public var field: String
    public var direction: Direction
    /// For money: the remote field with the ISO currency code.
    public var currencyField: String?
    public var format: WireFormat?
    /// For enums: ordered entries; the first match wins on the way in.
    public var values: [ValueMapEntry]?
    /// canonical = remote × scale (HubSpot probability 0..1 → 0..100).
    public var scale: Decimal?
    /// For multi values held as one joined string (`;` in Salesforce multi-picklists).
    public var separator: String?
    public var transform: Transform?
    public var lookup: Lookup?

    /// Every remote field the binding reads or writes, in a stable order.
    public var remoteFields: [String] {
        var candidates = [field] + (currencyField.map { [$0] } ?? [])
        for entry in values ?? [] { candidates += entry.remote.keys.sorted() }
        var seen = Set<String>()
        return candidates.filter { seen.insert($0).inserted }
    }
}

/// One canonical field and its bindings in each CRM.
public struct FieldMapping: Sendable, Hashable {
    public var name: String
    public var type: FieldType
    public var policy: ConflictPolicy
    /// For enums: the canonical values.
    public var enumValues: [String]?
    /// For references: the kind of record referenced.
    public var target: RecordKind?
    public var bindings: [CRMKind: CRMBinding]
}

/// The mapping of one object kind (a `mappings/<kind>.yaml` file).
public struct ObjectMapping: Sendable, Hashable {
    public var kind: RecordKind
    public var file: String
    public var onDeleteConflict: DeleteConflictPolicy
    /// Currency assumed for money when a CRM sends no currency field (single-currency orgs).
    public var defaultCurrency: String
    /// Canonical field used to match records found without a link (contact email, company domain).
    public var naturalKey: String?
    /// Canonical fields that together identify a record with no natural key of its own (a deal:
    /// its name and its company), used to match records found without a link; all must be set.
    public var matchOn: [String] = []
    /// Canonical field holding the DealSync id written into each CRM's external-id field.
    public var idField: String?
    /// Fields in file order.
    public var fields: [FieldMapping]

    public func field(_ name: String) -> FieldMapping? { fields.first { $0.name == name } }
}
