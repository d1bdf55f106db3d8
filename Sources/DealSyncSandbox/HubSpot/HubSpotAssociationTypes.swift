/// HubSpot-defined association types between deals, contacts, companies and emails. Each direction has
/// its own id; the inverse direction's id is what the reverse edge carries.
struct HubSpotAssociationType: Sendable, Hashable {
    var id: Int
    var inverse: Int
    var label: String?
    var name: String

    /// All types from `from` to `to`; the first is the unlabeled default one.
    static func types(from: HubSpotObjectType, to: HubSpotObjectType) -> [HubSpotAssociationType] {
        switch (from, to) {
        case (.deals, .contacts): [.init(id: 3, inverse: 4, label: nil, name: "deal_to_contact")]
        case (.contacts, .deals): [.init(id: 4, inverse: 3, label: nil, name: "contact_to_deal")]
        case (.deals, .companies): [.init(id: 341, inverse: 342, label: nil, name: "deal_to_company_unlabeled"),
                                    .init(id: 5, inverse: 6, label: "Primary", name: "deal_to_company")]
        case (.companies, .deals): [.init(id: 342, inverse: 341, label: nil, name: "company_to_deal_unlabeled"),
                                    .init(id: 6, inverse: 5, label: "Primary", name: "company_to_deal")]
        case (.contacts, .companies): [.init(id: 279, inverse: 280, label: nil, name: "contact_to_company_unlabeled"),
                                       .init(id: 1, inverse: 2, label: "Primary", name: "contact_to_company")]
        case (.companies, .contacts): [.init(id: 280, inverse: 279, label: nil, name: "company_to_contact_unlabeled"),
                                       .init(id: 2, inverse: 1, label: "Primary", name: "company_to_contact")]
        case (.emails, .contacts): [.init(id: 198, inverse: 197, label: nil, name: "email_to_contact")]
        case (.contacts, .emails): [.init(id: 197, inverse: 198, label: nil, name: "contact_to_email")]
        case (.emails, .deals): [.init(id: 210, inverse: 209, label: nil, name: "email_to_deal")]
        case (.deals, .emails): [.init(id: 209, inverse: 210, label: nil, name: "deal_to_email")]
        case (.emails, .companies): [.init(id: 186, inverse: 185, label: nil, name: "email_to_company")]
        case (.companies, .emails): [.init(id: 185, inverse: 186, label: nil, name: "company_to_email")]
        default: []
        }
    }

    static func type(from: HubSpotObjectType, to: HubSpotObjectType, id: Int) -> HubSpotAssociationType? {
        types(from: from, to: to).first { $0.id == id }
    }

    /// The v4 `associationTypes[]` entry.
    var json: JSONValue {
        ["category": "HUBSPOT_DEFINED", "typeId": .number(Double(id)), "label": label.map(JSONValue.string) ?? .null]
    }
}

/// One end of an association.
struct HubSpotObjectRef: Sendable, Hashable {
    var type: HubSpotObjectType
    var id: Int
}

/// Associations stored in both directions, so reads from either side are one lookup.
struct HubSpotAssociations: Sendable {
    private var edges: [HubSpotObjectRef: [HubSpotObjectType: [Int: Set<Int>]]] = [:]

    /// Adds `typeIds` (from → to) and their inverses (to → from).
    mutating func add(_ from: HubSpotObjectRef, _ to: HubSpotObjectRef, typeIds: [Int]) {
        for id in typeIds {
            guard let t = HubSpotAssociationType.type(from: from.type, to: to.type, id: id) else { continue }
            edges[from, default: [:]][to.type, default: [:]][to.id, default: []].insert(t.id)
            edges[to, default: [:]][from.type, default: [:]][from.id, default: []].insert(t.inverse)
        }
    }

    mutating func remove(_ from: HubSpotObjectRef, _ to: HubSpotObjectRef) {
        edges[from]?[to.type]?[to.id] = nil
        edges[to]?[from.type]?[from.id] = nil
    }

    /// Associated ids of `toType`, ascending, with the type ids of each edge.
    func targets(of from: HubSpotObjectRef, toType: HubSpotObjectType) -> [(id: Int, typeIds: [Int])] {
        (edges[from]?[toType] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value.sorted()) }
    }

    func typeIds(_ from: HubSpotObjectRef, _ to: HubSpotObjectRef) -> [Int] {
        (edges[from]?[to.type]?[to.id]).map { $0.sorted() } ?? []
    }
}
