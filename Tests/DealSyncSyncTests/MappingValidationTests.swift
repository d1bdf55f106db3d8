import DealSyncCore
import DealSyncResolver
import DealSyncSync
import Foundation
import Testing

/// A broken mappings file is reported as `file:line: key.path: what is wrong`, so
/// `dealsyncd check-config` can print it and exit 78.
@Suite struct MappingValidationTests {
    func error(_ yaml: String, file: String = "mappings/deal.yaml") -> MappingError? {
        do {
            _ = try ObjectMapping.parse(yaml: yaml, file: file)
            return nil
        } catch let error as MappingError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    static let stageHeader = """
    object: deal
    fields:
      stage:
        type: enum
        values: [open, won]
        hubspot:
          field: dealstage
          values:
    """

    @Test func theShippedMappingsLoad() throws {
        let set = try MappingSet.load(directory: MappingFixture.directory)
        #expect(Set(set.objects.keys) == [.deal, .contact, .company, .activity])
        #expect(set.objects[.contact]?.naturalKey == "email")
        #expect(set.objects[.company]?.naturalKey == "domain")
        #expect(set.objects[.deal]?.idField == "dealsync_id")
    }

    @Test func enumWithAMissingSpellingNamesFileLineAndKey() {
        let e = error(Self.stageHeader + "\n        open: appointmentscheduled\n")
        #expect(e?.description == "mappings/deal.yaml:9: fields.stage.hubspot.values: no value for `won`: every canonical value needs a spelling to be written")
    }

    @Test func valueMapKeysMustBeCanonicalValues() {
        let e = error(Self.stageHeader + "\n        open: a\n        won: b\n        lost: c\n")
        #expect(e?.line == 9)
        #expect(e?.path == "fields.stage.hubspot.values")
        #expect(e?.message.contains("`lost` is not one of the field's values") == true)
    }

    @Test func unknownTypeIsReportedOnItsLine() {
        let e = error("""
        object: deal
        fields:
          name:
            type: text
            salesforce: Name
        """)
        #expect(e?.description.hasPrefix("mappings/deal.yaml:4: fields.name.type: unknown type") == true)
    }

    @Test func typosInKeysAreErrorsNotSilence() {
        let e = error("""
        object: deal
        fields:
          name:
            type: string
            polcy: max
        """)
        #expect(e?.line == 5)
        #expect(e?.path == "fields.name.polcy")
        #expect(e?.message.hasPrefix("unknown key") == true)
    }

    @Test func badPoliciesAndDurations() {
        let union = error("""
        object: deal
        fields:
          name:
            type: string
            policy: union
        """)
        #expect(union?.description == "mappings/deal.yaml:5: fields.name.policy: union merges sets: only for multi fields")
        let skew = error("""
        object: deal
        fields:
          amount:
            type: decimal
            policy: {latest: soon}
        """)
        #expect(skew?.path == "fields.amount.policy.latest")
        #expect(skew?.line == 5)
    }

    @Test func optionsMustFitTheType() {
        let e = error("""
        object: deal
        fields:
          name:
            type: string
            salesforce: {field: Name, currency_field: CurrencyIsoCode}
        """)
        #expect(e?.path == "fields.name.salesforce.currency_field")
        #expect(e?.message == "only money fields have a currency field")
    }

    @Test func referencesNeedATarget() {
        let e = error("""
        object: deal
        fields:
          company:
            type: reference
            salesforce: AccountId
        """)
        #expect(e?.path == "fields.company")
        #expect(e?.line == 4)
    }

    @Test func unknownObjectAndBrokenYAML() {
        #expect(error("object: lead\nfields: {}\n")?.description.hasPrefix("mappings/deal.yaml:1: object: unknown object") == true)
        let broken = error("object: deal\nfields:\n  name: [unclosed\n")
        #expect(broken?.line != nil)
        #expect(broken?.message.hasPrefix("not valid YAML") == true)
    }

    @Test func duplicateObjectsAcrossFilesAreRejected() throws {
        let dir = try MappingFixture.directory(with: [
            "a.yaml": "object: deal\nfields:\n  name: {type: string, salesforce: Name}\n",
            "b.yaml": "object: deal\nfields:\n  name: {type: string, hubspot: dealname}\n",
        ])
        #expect(throws: MappingError.self) { try MappingSet.load(directory: dir) }
        do {
            _ = try MappingSet.load(directory: dir)
        } catch let e as MappingError {
            #expect(e.file.hasSuffix("b.yaml"))
            #expect(e.message.contains("already mapped in"))
        }
    }

    @Test func ownersFileIsValidated() throws {
        let dir = try MappingFixture.directory(with: [
            "deal.yaml": "object: deal\nfields:\n  name: {type: string, salesforce: Name}\n",
            "owners.yaml": "owners:\n  - key: not-an-email\n    salesforce: '005'\n",
        ])
        do {
            _ = try MappingSet.load(directory: dir)
            Issue.record("expected an error")
        } catch let e as MappingError {
            #expect(e.file.hasSuffix("owners.yaml"))
            #expect(e.line == 2)
            #expect(e.message == "expected the owner's email")
        }
    }

    @Test func missingDirectoryIsAnError() {
        #expect(throws: MappingError.self) { try MappingSet.load(directory: "/nonexistent/mappings") }
    }
}

/// Mappings are loaded from several threads at once (tests, reloads racing check-config): the
/// parser must not share unsafe state between them.
@Suite struct MappingConcurrencyTests {
    @Test func parallelLoadsAgree() async throws {
        let reference = try MappingSet.load(directory: MappingFixture.directory)
        try await withThrowingTaskGroup(of: MappingSet.self) { group in
            for _ in 0..<16 { group.addTask { try MappingSet.load(directory: MappingFixture.directory) } }
            for try await set in group { #expect(set == reference) }
        }
        #expect(reference.objects[.contact]?.field("email")?.bindings[.pipedrive]?.transform == .primary)
        #expect(reference.objects[.deal]?.field("name")?.policy == .prefer(order: ["salesforce", "hubspot", "pipedrive"], unlessBlank: true))
    }
}
