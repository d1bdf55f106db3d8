import Foundation

/// Simulated edits by a sales rep in the Salesforce UI. They pass the same validation as API
/// writes but are stamped with the rep's user id (the record's owner when that is a rep), so
/// `LastModifiedById` tells them apart from the integration user's writes.
extension SalesforceEmulator {
    public func applyHumanEdit(_ edit: SandboxEdit) async throws -> JSONValue {
        guard let object = SalesforceSchema.object(named: edit.object), object.createable else {
            throw SandboxEditError("Salesforce has no editable object named \(edit.object)")
        }
        let now = SalesforceTime.millis(options.now())
        let version = "v\(Self.versions.last!.version)"
        let result: Result<JSONValue, SFError> = state.withLock { state in
            do throws(SFError) {
                guard let rawId = edit.id else {
                    let context = SFWriteContext(actor: directory.reps.first ?? directory.integrationUser, now: now)
                    let record = try state.store.prepareCreate(object, body: edit.fields, context: context)
                    state.store.put(record)
                    return .success(SalesforceRender.full(record, object: object, version: version))
                }
                guard let existing = state.store.record(id: rawId), existing.type == object.name else { throw SFError.notFound }
                guard !existing.isDeleted else { throw SFError(404, "ENTITY_IS_DELETED", "entity is deleted") }
                let context = SFWriteContext(actor: rep(owning: existing), now: now)
                if edit.delete {
                    state.store.delete(existing, context: context)
                    return .success(SalesforceRender.full(state.store.record(id: existing.id)!, object: object, version: version))
                }
                let updated = try state.store.prepareUpdate(existing, object, body: edit.fields, context: context)
                state.store.put(updated)
                return .success(SalesforceRender.full(updated, object: object, version: version))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let json): return json
        case .failure(let e): throw SandboxEditError("\(e.status) \(e.code): \(e.message)")
        }
    }

    private func rep(owning record: SFRecord) -> String {
        if let owner = record["OwnerId"].stringValue, directory.reps.contains(owner) { return owner }
        return directory.reps.first ?? directory.integrationUser
    }
}
