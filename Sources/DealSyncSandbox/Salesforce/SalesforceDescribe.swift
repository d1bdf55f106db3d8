import Foundation

/// `GET sobjects/` (Describe Global), `GET sobjects/{type}` (basic information) and
/// `GET sobjects/{type}/describe`, for the objects and fields the emulator serves.
extension SalesforceEmulator {
    func describeGlobal(version: String) -> JSONValue {
        ["encoding": "UTF-8", "maxBatchSize": 200, "sobjects": .array(SalesforceSchema.objects.map { summary($0, version: version) })]
    }

    func basicInfo(_ object: SObjectSchema, _ ctx: SFRequestContext, _ state: SalesforceState) -> JSONValue {
        let table = state.store.table(object.name)
        let recent = table.stamps.keys.suffix(20).reversed().compactMap { key -> JSONValue? in
            guard let r = table.rows[key.id], !r.isDeleted else { return nil }
            var o: [String: JSONValue] = ["attributes": SalesforceRender.attributes(r, version: ctx.version), "Id": .string(r.id)]
            if object.field("Name") != nil { o["Name"] = r["Name"] }
            return .object(o)
        }
        return ["objectDescribe": summary(object, version: ctx.version), "recentItems": .array(Array(recent))]
    }

    func describe(_ object: SObjectSchema, version: String) -> JSONValue {
        guard case .object(var o) = summary(object, version: version) else { return .null }
        o["fields"] = .array(object.fields.map(fieldDescribe))
        o["childRelationships"] = []
        o["recordTypeInfos"] = []
        o["supportedScopes"] = [["label": "All", "name": "everything"]]
        return .object(o)
    }

    private func summary(_ object: SObjectSchema, version: String) -> JSONValue {
        let base = "/services/data/\(version)/sobjects/\(object.name)"
        return [
            "name": .string(object.name), "label": .string(object.label), "labelPlural": .string(object.labelPlural),
            "keyPrefix": .string(object.keyPrefix), "custom": false, "customSetting": false,
            "createable": .bool(object.createable), "updateable": .bool(object.updateable),
            "deletable": .bool(object.deletable), "undeletable": .bool(object.deletable), "queryable": true,
            "retrieveable": true, "searchable": true, "replicateable": true, "triggerable": .bool(object.createable),
            "layoutable": true, "mergeable": false, "feedEnabled": false, "activateable": false,
            "deprecatedAndHidden": false,
            "urls": [
                "sobject": .string(base), "describe": .string(base + "/describe"),
                "rowTemplate": .string(base + "/{ID}"),
            ],
        ]
    }

    private func fieldDescribe(_ f: SFField) -> JSONValue {
        let picklist: [JSONValue] = f.picklist.map { value in
            ["active": true, "defaultValue": .bool(value == f.defaultPicklistValue), "label": .string(value),
             "validFor": .null, "value": .string(value)]
        }
        return [
            "name": .string(f.name), "label": .string(f.label), "type": .string(f.type.rawValue),
            "soapType": .string(f.type.soapType), "length": .number(Double(f.length)),
            "precision": .number(Double(f.precision)), "scale": .number(Double(f.scale)),
            "createable": .bool(f.createable), "updateable": .bool(f.updateable), "nillable": .bool(f.nillable),
            "defaultedOnCreate": .bool(f.defaultedOnCreate || !f.createable), "externalId": .bool(f.externalId),
            "unique": .bool(f.unique), "idLookup": .bool(f.type == .id || f.externalId), "custom": .bool(f.custom),
            "calculated": false, "filterable": true, "sortable": .bool(f.type != .textarea),
            "groupable": .bool(f.type != .textarea), "caseSensitive": false,
            "restrictedPicklist": .bool(f.restrictedPicklist), "picklistValues": .array(picklist),
            "referenceTo": .array(f.referenceTo.map { .string($0) }),
            "relationshipName": f.relationshipName.map { .string($0) } ?? .null,
            "defaultValue": f.defaultPicklistValue.map { .string($0) } ?? .null,
            "deprecatedAndHidden": false, "nameField": .bool(f.name == "Name"),
        ]
    }
}
