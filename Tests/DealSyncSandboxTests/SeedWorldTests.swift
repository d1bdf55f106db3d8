import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct SeedWorldTests {
    let anchor = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func sameSeedGivesTheSameWorld() {
        let a = SeedWorld.generate(seed: 42, deals: 300, anchor: anchor)
        let b = SeedWorld.generate(seed: 42, deals: 300, anchor: anchor)
        #expect(a.owners == b.owners)
        #expect(a.companies == b.companies)
        #expect(a.contacts == b.contacts)
        #expect(a.deals == b.deals)
    }

    @Test func differentSeedsGiveDifferentWorlds() {
        let a = SeedWorld.generate(seed: 1, deals: 100, anchor: anchor)
        let b = SeedWorld.generate(seed: 2, deals: 100, anchor: anchor)
        #expect(a.companies.map(\.name) != b.companies.map(\.name))
        #expect(a.deals.map(\.amount) != b.deals.map(\.amount))
    }

    @Test func everyCRMHoldsExactlyTheRequestedDealsWithPartialOverlap() {
        let world = SeedWorld.generate(seed: 7, deals: 1000, anchor: anchor)
        for crm in SeedCRM.allCases { #expect(world.deals(in: crm).count == 1000) }
        let shared = world.deals.filter { $0.presence.count >= 2 }.count
        let ratio = Double(shared) / Double(world.deals.count)
        #expect((0.5...0.7).contains(ratio), "share of deals in two or more CRMs: \(ratio)")
        #expect(world.deals.contains { $0.presence.count == 3 })
        #expect(world.deals.contains { $0.presence.count == 1 })
        // Companies about one per two deals, contacts about two per company.
        let perCompany = Double(world.contacts.count) / Double(world.companies.count)
        #expect(abs(Double(world.companies.count) - Double(world.deals.count) / 2) <= 1)
        #expect((1.6...2.4).contains(perCompany), "contacts per company: \(perCompany)")
    }

    @Test func referencesAreConsistentAcrossCRMs() {
        let world = SeedWorld.generate(seed: 9, deals: 500, anchor: anchor)
        let companies = Dictionary(uniqueKeysWithValues: world.companies.map { ($0.key, $0) })
        let contacts = Dictionary(uniqueKeysWithValues: world.contacts.map { ($0.key, $0) })
        #expect(Set(world.companies.map(\.domain)).count == world.companies.count, "domains are natural keys")
        #expect(Set(world.contacts.map(\.email)).count == world.contacts.count, "emails are natural keys")
        for deal in world.deals {
            let company = companies[deal.companyKey]!
            #expect(company.presence.isSuperset(of: deal.presence))
            for key in deal.contactKeys {
                let contact = contacts[key]!
                #expect(contact.companyKey == deal.companyKey)
                #expect(contact.presence.isSuperset(of: deal.presence), "a deal's contacts exist where the deal does")
            }
            #expect(Set(deal.amountOverrides.keys).isSubset(of: deal.presence))
        }
        for contact in world.contacts {
            #expect(contact.email.hasSuffix("@" + companies[contact.companyKey]!.domain))
            #expect(Set(contact.phoneOverrides.keys).isSubset(of: contact.presence))
            #expect(!contact.presence.isEmpty)
        }
        #expect(world.contacts.contains { !$0.phoneOverrides.isEmpty }, "some phones disagree between CRMs")
        #expect(world.deals.contains { !$0.amountOverrides.isEmpty }, "some amounts disagree between CRMs")
    }

    @Test func dealsHaveRealisticShapes() {
        let world = SeedWorld.generate(seed: 11, deals: 2000, anchor: anchor)
        let eighteenMonths = anchor.addingTimeInterval(-86_400 * 545)
        for deal in world.deals {
            #expect(deal.amount > 0)
            #expect(["USD", "EUR", "GBP"].contains(deal.currency))
            #expect(deal.createdAt >= eighteenMonths && deal.createdAt < anchor)
            #expect(deal.createdAt <= deal.modifiedAt && deal.modifiedAt <= anchor)
            #expect(deal.history.first?.stage == .prospecting)
            #expect(deal.history.last?.stage == deal.stage)
            #expect(zip(deal.history, deal.history.dropFirst()).allSatisfy { $0.at <= $1.at })
            #expect(deal.history.last!.at <= deal.modifiedAt)
            #expect((0...100).contains(deal.probability))
            #expect(world.owners.contains { $0.email == deal.ownerEmail })
        }
        let won = world.deals.filter { $0.stage == .closedWon }.count
        let lost = world.deals.filter { $0.stage == .closedLost }.count
        let open = world.deals.filter { !$0.stage.isClosed }.count
        #expect(won > 0 && lost > 0 && open > won + lost)
        let usd = world.deals.filter { $0.currency == "USD" }.count
        #expect(Double(usd) / Double(world.deals.count) > 0.6, "mostly USD")
        #expect(world.deals.contains { $0.currency == "EUR" } && world.deals.contains { $0.currency == "GBP" })
        // Log-normal: the mean sits well above the median.
        let amounts = world.deals.map { NSDecimalNumber(decimal: $0.amount).doubleValue }.sorted()
        let mean = amounts.reduce(0, +) / Double(amounts.count)
        #expect(mean > amounts[amounts.count / 2] * 1.3)
        #expect(Set(world.contacts.map(\.title)).count > 10, "titles across seniority levels")
    }

    @Test func closeDatesAreCalendarDaysInUTC() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        var random = SeedRandom(seed: 1)
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: random.unit() * 4_000_000_000)
            #expect(SeedGenerator.isoDay(date) == formatter.string(from: date))
        }
        #expect(SeedGenerator.isoDay(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29")
    }

    @Test func generatesOneHundredThousandDealsPerCRMQuickly() {
        let clock = ContinuousClock()
        var world: SeedWorld?
        let elapsed = clock.measure { world = SeedWorld.generate(seed: 3, deals: 100_000, anchor: anchor) }
        #expect(world!.deals(in: .hubspot).count == 100_000)
        #expect(elapsed < .seconds(30), "took \(elapsed)")
    }
}
