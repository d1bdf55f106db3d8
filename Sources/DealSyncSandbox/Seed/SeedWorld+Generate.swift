import Foundation

extension SeedWorld {
    /// The world for `seed` with `deals` deals in each CRM, anchored at the start of today (UTC)
    /// so every date lies in the past of a running emulator.
    public static func generate(seed: UInt64, deals: Int) -> SeedWorld {
        generate(seed: seed, deals: deals, anchor: defaultAnchor())
    }

    /// Deterministic: the same seed, size and anchor always give the same world.
    /// Each CRM holds exactly `deals` deals; about 60% of deals exist in two or three CRMs, with
    /// companies (about one per two deals) and contacts (about two per company) following them.
    public static func generate(seed: UInt64, deals: Int, anchor: Date) -> SeedWorld {
        var generator = SeedGenerator(seed: seed, anchor: anchor)
        return generator.world(dealsPerCRM: max(0, deals))
    }

    /// Midnight UTC today.
    public static func defaultAnchor(now: Date = Date()) -> Date {
        Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }

    /// The entities a given CRM holds.
    public func companies(in crm: SeedCRM) -> [SeedCompany] { companies.filter { $0.presence.contains(crm) } }
    public func contacts(in crm: SeedCRM) -> [SeedContact] { contacts.filter { $0.presence.contains(crm) } }
    public func deals(in crm: SeedCRM) -> [SeedDeal] { deals.filter { $0.presence.contains(crm) } }
}

/// Builds a `SeedWorld` in one pass per entity kind, O(n) in the number of deals.
struct SeedGenerator {
    let anchor: Date
    var companyRandom: SeedRandom
    var contactRandom: SeedRandom
    var dealRandom: SeedRandom
    var presenceRandom: SeedRandom
    var usedDomains: Set<String> = []

    init(seed: UInt64, anchor: Date) {
        self.anchor = anchor
        companyRandom = SeedRandom(seed: seed, stream: "companies")
        contactRandom = SeedRandom(seed: seed, stream: "contacts")
        dealRandom = SeedRandom(seed: seed, stream: "deals")
        presenceRandom = SeedRandom(seed: seed, stream: "presence")
    }

    mutating func world(dealsPerCRM: Int) -> SeedWorld {
        let presences = dealPresences(perCRM: dealsPerCRM)
        let owners = makeOwners(count: min(200, max(5, dealsPerCRM / 25)))
        var companies = (0..<max(1, (presences.count + 1) / 2)).map { makeCompany(index: $0) }
        var contacts: [SeedContact] = []
        var contactsByCompany: [[Int]] = []
        contacts.reserveCapacity(companies.count * 2)
        for (ci, company) in companies.enumerated() {
            let count = contactRandom.weighted([1, 3, 3, 2, 1]) // 0...4 contacts, about 2 on average
            var indices: [Int] = []
            var usedLocalParts: Set<String> = []
            for _ in 0..<count {
                indices.append(contacts.count)
                contacts.append(makeContact(index: contacts.count, company: company, companyIndex: ci,
                                            usedLocalParts: &usedLocalParts))
            }
            contactsByCompany.append(indices)
        }

        var deals: [SeedDeal] = []
        deals.reserveCapacity(presences.count)
        var companyPresence = [Set<SeedCRM>](repeating: [], count: companies.count)
        var contactPresence = [Set<SeedCRM>](repeating: [], count: contacts.count)
        for (di, presence) in presences.enumerated() {
            let ci = dealRandom.below(companies.count)
            let candidates = contactsByCompany[ci]
            let chosen = dealRandom.shuffled(candidates).prefix(min(candidates.count, dealRandom.int(in: 1...3)))
            for k in chosen { contactPresence[k].formUnion(presence) }
            companyPresence[ci].formUnion(presence)
            deals.append(makeDeal(index: di, company: companies[ci], contactKeys: chosen.map { contacts[$0].key },
                                  owner: dealRandom.pick(owners), presence: presence))
        }

        for ci in companies.indices {
            // A company with no deal is still in the CRM where someone logged it.
            let presence = companyPresence[ci].isEmpty ? [presenceRandom.pick(SeedCRM.allCases)] : companyPresence[ci]
            companies[ci].presence = presence
            for k in contactsByCompany[ci] {
                // Contacts not on any deal live where their company lives, minus the odd gap.
                var p = contactPresence[k].isEmpty ? presence : contactPresence[k]
                if contactPresence[k].isEmpty, p.count > 1, presenceRandom.chance(0.2) {
                    p.remove(presenceRandom.pick(SeedCRM.allCases.filter { p.contains($0) }))
                }
                contacts[k].presence = p
                contacts[k].phoneOverrides = phoneOverrides(for: contacts[k], city: cityOf(companies[ci]))
            }
        }
        return SeedWorld(owners: owners, companies: companies, contacts: contacts, deals: deals)
    }

    /// Exactly `perCRM` deals in each CRM: 40% of deals live in one CRM, 45% in two, 15% in three.
    mutating func dealPresences(perCRM: Int) -> [Set<SeedCRM>] {
        var counts: [SeedCRM: Int] = [:]
        var result: [Set<SeedCRM>] = []
        while true {
            let open = SeedCRM.allCases.filter { counts[$0, default: 0] < perCRM }
            if open.isEmpty { break }
            let size = min(open.count, presenceRandom.weighted([40, 45, 15]) + 1)
            let chosen = Set(presenceRandom.shuffled(open).prefix(size))
            for crm in chosen { counts[crm, default: 0] += 1 }
            result.append(chosen)
        }
        return result
    }

    func cityOf(_ company: SeedCompany) -> SeedVocabulary.City {
        SeedVocabulary.cities.first { $0.name == company.city } ?? SeedVocabulary.cities[0]
    }

    mutating func makeOwners(count: Int) -> [SeedOwner] {
        var seen: Set<String> = []
        return (0..<count).map { i in
            let first = companyRandom.pick(SeedVocabulary.firstNames)
            let last = companyRandom.pick(SeedVocabulary.lastNames)
            var local = "\(first).\(last)".lowercased()
            if !seen.insert(local).inserted { local += "\(i)"; seen.insert(local) }
            return SeedOwner(name: "\(first) \(last)", email: "\(local)@sellerco.example")
        }
    }

    mutating func makeCompany(index: Int) -> SeedCompany {
        let stem = companyRandom.pick(SeedVocabulary.companyStems)
        let noun = companyRandom.pick(SeedVocabulary.companyNouns)
        let suffix = companyRandom.pick(SeedVocabulary.legalSuffixes)
        let city = SeedVocabulary.cities[companyRandom.weighted(SeedVocabulary.cityWeights)]
        let base = (stem + noun).lowercased().filter { $0.isLetter || $0.isNumber }
        var domain = "\(base).\(companyRandom.pick(SeedVocabulary.topLevelDomains))"
        var n = 2
        while !usedDomains.insert(domain).inserted {
            domain = "\(base)\(n).\(companyRandom.pick(SeedVocabulary.topLevelDomains))"
            n += 1
        }
        let display = n > 2 ? "\(stem) \(noun) \(city.name)" : "\(stem) \(noun)"
        let employees = Int(companyRandom.logNormal(median: 180, sigma: 1.6).rounded()).clamped(to: 3...250_000)
        return SeedCompany(key: "co-" + Self.padded(index, 6), name: suffix.isEmpty ? display : "\(display) \(suffix)",
                           domain: domain, industry: companyRandom.pick(SeedVocabulary.industries),
                           employees: employees, city: city.name, country: city.country, presence: [])
    }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
