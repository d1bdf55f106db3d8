import Foundation

/// Who made a write, as webhook events report it.
struct HubSpotActor: Sendable {
    var changeSource: String
    var sourceId: String
}

/// A change worth a webhook event; the dispatcher numbers and signs it.
struct HubSpotChange: Sendable {
    enum Kind: String, Sendable { case creation, propertyChange, deletion }
    var type: HubSpotObjectType
    var kind: Kind
    var objectId: Int
    var propertyName: String?
    var propertyValue: String?
    var occurredAt: Int64
    var actor: HubSpotActor
}

/// Everything the portal holds. Mutated only inside the emulator's `Mutex`, so it is a plain
/// value type; writes append the webhook-worthy changes to `changes`, which the emulator
/// drains after each request.
struct HubSpotState: Sendable {
    let schema: HubSpotSchema
    let pipeline: HubSpotPipeline
    let validation: HubSpotPropertyValidation
    let owners: [(id: String, owner: SeedOwner)]
    let portalCreatedAt: String
    var stores: [HubSpotObjectType: HubSpotObjectStore]
    var associations = HubSpotAssociations()
    var oauth: HubSpotOAuth
    var limiter: HubSpotRateLimiter
    var changes: [HubSpotChange] = []

    init(schema: HubSpotSchema, pipeline: HubSpotPipeline, owners: [(id: String, owner: SeedOwner)], portalCreatedAt: Int64,
         oauth: HubSpotOAuth, limiter: HubSpotRateLimiter) {
        self.schema = schema
        self.pipeline = pipeline
        self.validation = HubSpotPropertyValidation(schema: schema, pipeline: pipeline)
        self.owners = owners
        self.portalCreatedAt = HubSpotTime.iso(millis: portalCreatedAt)
        self.oauth = oauth
        self.limiter = limiter
        self.stores = Dictionary(uniqueKeysWithValues: HubSpotObjectType.allCases.map {
            ($0, HubSpotObjectStore(type: $0, uniqueProperties: schema.uniqueProperties($0)))
        })
    }

    func store(_ type: HubSpotObjectType) -> HubSpotObjectStore { stores[type]! }

    /// The live record `key` names: its id, or with `idProperty` the value of a unique property.
    func resolve(_ type: HubSpotObjectType, _ key: String, idProperty: String?) -> Int? {
        if let idProperty, idProperty != "hs_object_id" { return store(type).lookup(unique: idProperty, value: key) }
        guard let id = Int(key), store(type).live(id) != nil else { return nil }
        return id
    }

    /// The error for a unique value another live record already holds.
    private func uniqueConflict(_ type: HubSpotObjectType, _ values: [String: String], except: Int?) -> HubSpotError? {
        for name in schema.uniqueProperties(type) {
            guard let v = values[name], !v.isEmpty, let other = store(type).lookup(unique: name, value: v), other != except else { continue }
            let message = type == .contacts && name == "email"
                ? "Contact already exists. Existing ID: \(other)"
                : "A \(type.singular) with the value \"\(v)\" for the unique property \"\(name)\" already exists. Existing ID: \(other)"
            return HubSpotError(status: 409, category: "CONFLICT", message: message,
                                context: ["existingId": [.string(String(other))], "propertyName": [.string(name)]])
        }
        return nil
    }

    /// Checks a create without applying it.
    func validateCreate(_ type: HubSpotObjectType, _ input: [String: JSONValue]) -> Result<[String: String], HubSpotError> {
        validation.normalize(type, input).flatMap { values in
            if let missing = Self.missingRequired(type, values) { return .failure(missing) }
            if let conflict = uniqueConflict(type, values, except: nil) { return .failure(conflict) }
            return .success(values)
        }
    }

    mutating func create(_ type: HubSpotObjectType, _ input: [String: JSONValue], by actor: HubSpotActor, at now: Int64)
        -> Result<HubSpotRecord, HubSpotError> {
        validateCreate(type, input).map { values in
            var props = values.filter { !$0.value.isEmpty }
            if type == .deals, props["pipeline"] == nil { props["pipeline"] = pipeline.id }
            props.merge(validation.derived(type, merged: props)) { _, new in new }
            let record = stores[type]!.insert(properties: props, at: now, by: actor)
            changes.append(HubSpotChange(type: type, kind: .creation, objectId: record.id, occurredAt: now, actor: actor))
            linkPrimaryCompany(type, record.id, values)
            return record
        }
    }

    mutating func update(_ type: HubSpotObjectType, id: Int, _ input: [String: JSONValue], by actor: HubSpotActor, at now: Int64)
        -> Result<HubSpotRecord, HubSpotError> {
        guard let current = store(type).live(id) else {
            return .failure(.notFound("Object not found.  objectId are usually numeric.", context: ["id": [.string(String(id))]]))
        }
        switch validation.normalize(type, input) {
        case .failure(let e): return .failure(e)
        case .success(var values):
            if let conflict = uniqueConflict(type, values, except: id) { return .failure(conflict) }
            values.merge(validation.derived(type, merged: current.properties.merging(values) { _, n in n })) { _, n in n }
            let changed = stores[type]!.update(id: id, changes: values, at: now, by: actor) ?? []
            linkPrimaryCompany(type, id, values)
            for name in changed where input[name] != nil {
                changes.append(HubSpotChange(type: type, kind: .propertyChange, objectId: id, propertyName: name,
                                             propertyValue: values[name] ?? "", occurredAt: now, actor: actor))
            }
            return .success(store(type).live(id)!)
        }
    }

    @discardableResult
    mutating func archive(_ type: HubSpotObjectType, id: Int, by actor: HubSpotActor, at now: Int64) -> Bool {
        guard stores[type]!.archive(id: id, at: now) else { return false }
        changes.append(HubSpotChange(type: type, kind: .deletion, objectId: id, occurredAt: now, actor: actor))
        return true
    }

    /// Links two live records with `typeIds` (the pair's default type when empty); keeps a
    /// contact's `associatedcompanyid` in step with its primary company, as HubSpot does.
    mutating func associate(_ from: HubSpotObjectRef, _ to: HubSpotObjectRef, typeIds: [Int]) -> HubSpotError? {
        let known = HubSpotAssociationType.types(from: from.type, to: to.type)
        guard !known.isEmpty else {
            return .validation("No association type exists between \(from.type.singular) and \(to.type.singular).")
        }
        guard store(from.type).live(from.id) != nil, store(to.type).live(to.id) != nil else {
            return .notFound("No \(store(from.type).live(from.id) == nil ? from.type.singular : to.type.singular) found with id \(store(from.type).live(from.id) == nil ? from.id : to.id)")
        }
        let ids = typeIds.isEmpty ? [known[0].id] : typeIds
        if let bad = ids.first(where: { id in !known.contains { $0.id == id } }) {
            return .validation("\(bad) is not a valid association type id from \(from.type.singular) to \(to.type.singular).")
        }
        associations.add(from, to, typeIds: ids)
        if from.type == .contacts, to.type == .companies, ids.contains(1) {
            let contact = store(.contacts).live(from.id)!
            _ = stores[.contacts]!.update(id: from.id, changes: ["associatedcompanyid": String(to.id)],
                                          at: contact.updatedAt, by: contact.createdBy)
        }
        return nil
    }

    /// Writing a contact's `associatedcompanyid` makes that company its primary association,
    /// as HubSpot does for the legacy property.
    private mutating func linkPrimaryCompany(_ type: HubSpotObjectType, _ id: Int, _ values: [String: String]) {
        guard type == .contacts, let company = values["associatedcompanyid"].flatMap({ Int($0) }),
              store(.companies).live(company) != nil else { return }
        let contact = HubSpotObjectRef(type: .contacts, id: id)
        // One primary company: the previous one stays associated, unlabeled.
        for old in associations.targets(of: contact, toType: .companies) where old.id != company && old.typeIds.contains(1) {
            let other = HubSpotObjectRef(type: .companies, id: old.id)
            associations.remove(contact, other)
            associations.add(contact, other, typeIds: [279])
        }
        associations.add(contact, HubSpotObjectRef(type: .companies, id: company), typeIds: [1, 279])
    }

    /// Associated live ids of `toType`.
    func associated(_ from: HubSpotObjectRef, _ toType: HubSpotObjectType) -> [(id: Int, typeIds: [Int])] {
        associations.targets(of: from, toType: toType).filter { store(toType).live($0.id) != nil }
    }
}
