import DealSyncCore
import DealSyncResolver
import DealSyncSync
import Foundation
import Testing

/// The engine's path for one record, without the store: remote record → Mapper → Resolver →
/// pushes → Mapper → the other CRMs → their echoes. What must survive: no echo loop, no lost
/// field, every CRM spelling the same canonical values.
@Suite struct MapperResolverPipelineTests {
    typealias M = MappingFixture
    let sf = SourceID("sf-prod"), hs = SourceID("hubspot-main"), pd = SourceID("pd-eu")
    var kinds: [SourceID: String] { [sf: "salesforce", hs: "hubspot", pd: "pipedrive"] }
    func crm(_ s: SourceID) -> CRMKind { CRMKind(rawValue: kinds[s]!)! }
    let t0 = Date(timeIntervalSince1970: 1_764_000_000)

    @Test func anEditInSalesforceReachesTheOthersAndTheirEchoesStop() throws {
        let set = try M.shipped()
        let resolver = RecordResolver(context: set.resolverContext(.deal, replicas: kinds))
        let salesforce: [String: RemoteValue] = [
            "Name": .string("Acme renewal"), "Amount": .number(1500), "CurrencyIsoCode": .string("EUR"),
            "StageName": .string("Proposal/Price Quote"), "CloseDate": .string("2026-06-30"),
            "Probability": .number(75), "OwnerId": .string("005000000000001AAA"),
        ]
        // Given a new deal read from Salesforce
        var decision = resolver.apply(fields: set.toCanonical(.deal, .salesforce, remoteFields: salesforce),
                                      from: sf, stamp: t0, to: .empty)
        #expect(Set(decision.pushes.keys) == [hs, pd])
        // When the pushes are written, and each CRM sends back what it now holds
        var state = decision.state
        var held: [SourceID: [String: RemoteValue]] = [:]
        for (replica, names) in decision.pushes {
            let write = set.remoteWrite(.deal, crm(replica), canonical: state.values, only: names)
            #expect(write.unwritable.isEmpty)
            held[replica] = Dictionary(uniqueKeysWithValues: write.fields.map { ($0.key, Self.asStoredBy(crm(replica))($0.key, $0.value)) })
            state = resolver.pushSucceeded(to: replica, fields: Dictionary(uniqueKeysWithValues: names.map {
                ($0, ReplicaShadow(value: state.fields[$0]!.value, vector: state.fields[$0]!.vector))
            }), in: state)
        }
        #expect(held[pd]?["stage_id"] == .string("Proposal Made"))
        #expect(held[hs]?["closedate"] == .string("2026-06-30T00:00:00.000Z"))
        // Then their echoes change nothing and cause no further writes
        for (replica, fields) in held {
            decision = resolver.apply(fields: set.toCanonical(.deal, crm(replica), remoteFields: fields),
                                      from: replica, stamp: t0.addingTimeInterval(5), to: state)
            #expect(decision.outcomes.values.allSatisfy { $0 == .unchanged }, "\(replica): \(decision.outcomes) \(fields)")
            #expect(decision.pushes.isEmpty, "\(replica)")
            state = decision.state
        }
        // And a later HubSpot edit is a plain fast-forward to the two others
        let edit = set.toCanonical(.deal, .hubspot, remoteFields: ["amount": .string("2000"), "deal_currency_code": .string("EUR")])
        decision = resolver.apply(fields: edit, from: hs, stamp: t0.addingTimeInterval(60), to: state)
        #expect(decision.outcomes["amount"] == .fastForward)
        #expect(decision.pushes == [sf: ["amount"], pd: ["amount"]])
        #expect(set.toRemote(.deal, .pipedrive, canonical: decision.state.values, only: ["amount"])
            == ["value": .number(2000), "currency": .string("EUR")])
    }

    /// HubSpot stores every property as a string and pads amounts (`1500.00`); the echo must
    /// still match what we wrote.
    static func asStoredBy(_ crm: CRMKind) -> (String, RemoteValue) -> RemoteValue {
        { name, value in
            guard crm == .hubspot, name == "amount", case .string(let s) = value, !s.contains(".") else { return value }
            return .string(s + ".00")
        }
    }
}
