import Foundation

/// A seeded company in Clearbit's Company API shape (API-REFERENCE §7). Fields Clearbit often
/// leaves empty are `null` here too, so clients are exercised on missing data.
enum ClearbitCompany {
    static let countryNames = ["US": "United States", "CA": "Canada", "GB": "United Kingdom", "DE": "Germany",
                               "FR": "France", "NL": "Netherlands", "ES": "Spain"]
    static let zones: [String: (String, Int)] = [
        "San Francisco": ("America/Los_Angeles", -8), "Seattle": ("America/Los_Angeles", -8),
        "New York": ("America/New_York", -5), "Boston": ("America/New_York", -5), "Atlanta": ("America/New_York", -5),
        "Toronto": ("America/Toronto", -5), "Austin": ("America/Chicago", -6), "Chicago": ("America/Chicago", -6),
        "Denver": ("America/Denver", -7), "London": ("Europe/London", 0), "Manchester": ("Europe/London", 0),
        "Berlin": ("Europe/Berlin", 1), "Munich": ("Europe/Berlin", 1), "Paris": ("Europe/Paris", 1),
        "Amsterdam": ("Europe/Amsterdam", 1), "Madrid": ("Europe/Madrid", 1),
    ]

    static func json(_ company: SeedCompany, seed: UInt64, indexedAt: Date) -> JSONValue {
        var random = SeedRandom(seed: seed, stream: "clearbit/" + company.domain)
        let id = uuid(&random)
        let (zone, offset) = zones[company.city] ?? ("UTC", 0)
        let handle = company.domain.split(separator: ".").first.map(String.init) ?? company.domain
        let country = countryNames[company.country] ?? company.country
        let phone: JSONValue = random.chance(0.7) ? .string(SeedGenerator.samplePhone(company: company, random: &random)) : .null
        let null = JSONValue.null
        return [
            "id": .string(id), "name": .string(company.name), "legalName": .string(company.name),
            "domain": .string(company.domain), "domainAliases": [],
            "site": ["phoneNumbers": phone.isNull ? [] : [phone], "emailAddresses": [.string("info@\(company.domain)")]],
            "category": ["sector": .string(sector(company.industry)), "industryGroup": .string(company.industry),
                         "industry": .string(company.industry), "subIndustry": .string(company.industry),
                         "sicCode": null, "naicsCode": null],
            "tags": [.string(company.industry), random.chance(0.5) ? "B2B" : "B2C"],
            "description": .string("\(company.name) is a \(company.industry.lowercased()) company based in \(company.city)."),
            "foundedYear": .number(Double(random.int(in: 1950...2021))),
            "location": .string("\(company.city), \(country)"), "timeZone": .string(zone), "utcOffset": .number(Double(offset)),
            "geo": ["streetNumber": null, "streetName": null, "subPremise": null, "city": .string(company.city),
                    "postalCode": null, "state": null, "stateCode": null, "country": .string(country),
                    "countryCode": .string(company.country), "lat": null, "lng": null],
            "logo": .string("https://logo.clearbit.com/\(company.domain)"),
            "facebook": ["handle": null], "linkedin": ["handle": .string("company/\(handle)")],
            "twitter": ["handle": random.chance(0.6) ? .string(handle) : null, "id": null, "bio": null, "followers": null,
                        "following": null, "location": null, "site": null, "avatar": null],
            "crunchbase": ["handle": null], "emailProvider": false, "type": "private", "ticker": null,
            "identifiers": ["usEIN": null], "phone": phone,
            "metrics": ["alexaUsRank": null, "alexaGlobalRank": null, "employees": .number(Double(company.employees)),
                        "employeesRange": .string(employeesRange(company.employees)), "marketCap": null, "raised": null,
                        "annualRevenue": null, "estimatedAnnualRevenue": .string(revenueRange(company.employees)),
                        "fiscalYearEnd": 12],
            "indexedAt": .string(ISO8601DateFormatter().string(from: indexedAt)),
            "tech": [], "techCategories": [], "parent": ["domain": null], "ultimateParent": ["domain": null],
        ]
    }

    static func uuid(_ random: inout SeedRandom) -> String {
        let hex = (0..<2).map { _ in String(format: "%016llx", random.next()) }.joined()
        let c = Array(hex)
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-4\(String(c[13..<16]))-a\(String(c[17..<20]))-\(String(c[20..<32]))"
    }

    static func employeesRange(_ n: Int) -> String {
        let bounds = [(10, "1-10"), (50, "11-50"), (250, "51-250"), (1000, "251-1K"), (5000, "1K-5K"),
                      (10000, "5K-10K"), (50000, "10K-50K"), (100_000, "50K-100K")]
        return bounds.first { n <= $0.0 }?.1 ?? "100K+"
    }

    static func revenueRange(_ employees: Int) -> String {
        let perHead = employees * 200_000
        let bounds = [(1_000_000, "$0-$1M"), (10_000_000, "$1M-$10M"), (50_000_000, "$10M-$50M"),
                      (100_000_000, "$50M-$100M"), (250_000_000, "$100M-$250M"), (500_000_000, "$250M-$500M"),
                      (1_000_000_000, "$500M-$1B"), (10_000_000_000, "$1B-$10B")]
        return bounds.first { perHead <= $0.0 }?.1 ?? "$10B+"
    }

    static func sector(_ industry: String) -> String {
        switch industry {
        case "Software", "Telecommunications", "Media": "Information Technology"
        case "Financial Services", "Insurance", "Real Estate": "Financials"
        case "Healthcare", "Biotechnology": "Health Care"
        case "Energy": "Energy"
        case "Retail", "Consumer Goods", "Automotive": "Consumer Discretionary"
        default: "Industrials"
        }
    }
}

extension SeedGenerator {
    /// A switchboard number for a company, in its city's style.
    static func samplePhone(company: SeedCompany, random: inout SeedRandom) -> String {
        let city = SeedVocabulary.cities.first { $0.name == company.city } ?? SeedVocabulary.cities[0]
        if city.dialPrefix.hasPrefix("+1 ") { return "\(city.dialPrefix)-555-\(String(format: "%04d", random.int(in: 100...199)))" }
        return "\(city.dialPrefix) \(String(format: "%04d", random.int(in: 1000...9999))) \(String(format: "%04d", random.int(in: 0...9999)))"
    }
}
