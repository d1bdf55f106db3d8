/// The canonical object types DealSync keeps in agreement.
public enum RecordKind: String, Sendable, Codable, CaseIterable, Hashable {
    case deal, contact, company, activity
}
