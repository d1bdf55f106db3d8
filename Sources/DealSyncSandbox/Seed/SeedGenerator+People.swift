import Foundation

extension SeedGenerator {
    mutating func makeContact(index: Int, company: SeedCompany, companyIndex: Int,
                              usedLocalParts: inout Set<String>) -> SeedContact {
        let first = contactRandom.pick(SeedVocabulary.firstNames)
        let last = contactRandom.pick(SeedVocabulary.lastNames)
        var local = "\(first).\(last)".lowercased()
        var n = 2
        while !usedLocalParts.insert(local).inserted { local = "\(first).\(last)\(n)".lowercased(); n += 1 }
        let tier = contactRandom.weighted(SeedVocabulary.seniorityWeights)
        return SeedContact(
            key: "ct-" + Self.padded(index, 6), firstName: first, lastName: last,
            email: "\(local)@\(company.domain)", phone: phone(city: cityOf(company)),
            title: contactRandom.pick(SeedVocabulary.titlesBySeniority[tier]), companyKey: company.key,
            presence: [], phoneOverrides: [:])
    }

    /// Numbers in the fictional ranges (555-01xx in North America; others in the national style).
    mutating func phone(city: SeedVocabulary.City) -> String {
        if city.dialPrefix.hasPrefix("+1 ") {
            return "\(city.dialPrefix)-555-\(Self.padded(contactRandom.int(in: 100...199), 4))"
        }
        return "\(city.dialPrefix) \(Self.padded(contactRandom.int(in: 1000...9999), 4)) \(Self.padded(contactRandom.int(in: 0...9999), 4))"
    }

    /// One in eight contacts held by several CRMs disagrees in one of them: mostly the same
    /// number typed differently, sometimes an outdated number.
    mutating func phoneOverrides(for contact: SeedContact, city: SeedVocabulary.City) -> [SeedCRM: String] {
        guard contact.presence.count > 1, presenceRandom.chance(0.125) else { return [:] }
        let crm = presenceRandom.pick(SeedCRM.allCases.filter { contact.presence.contains($0) })
        if presenceRandom.chance(0.6) {
            let digits = contact.phone.filter(\.isNumber)
            return [crm: digits.hasPrefix("1") && digits.count == 11
                ? "(\(digits.dropFirst().prefix(3))) \(digits.dropFirst(4).prefix(3))-\(digits.suffix(4))"
                : "+\(digits)"]
        }
        return [crm: phone(city: city)]
    }
}
