import Foundation

/// What enrichment keeps of a Clearbit-style company record: the fields a company in
/// `mappings/company.yaml` can hold, plus the few scoring reads (size, revenue). Clearbit
/// leaves many values null; so may this.
public struct CompanyProfile: Sendable, Hashable, Codable {
    public var domain: String
    public var name: String?
    public var legalName: String?
    public var industry: String?
    public var sector: String?
    public var employees: Int?
    public var employeesRange: String?
    public var estimatedAnnualRevenue: String?
    public var city: String?
    public var country: String?
    public var countryCode: String?
    public var foundedYear: Int?
    /// `private`, `public`, `education`, `government`, `nonprofit` or `personal`.
    public var type: String?
    /// Clearbit says whether the domain is itself a mail provider (`emailProvider`).
    public var emailProvider: Bool?

    public init(domain: String, name: String? = nil, industry: String? = nil, employees: Int? = nil,
                city: String? = nil, country: String? = nil) {
        self.domain = domain
        self.name = name
        self.industry = industry
        self.employees = employees
        self.city = city
        self.country = country
    }
}

extension CompanyProfile {
    /// Clearbit's Company API object (API-REFERENCE §7), nested as Clearbit nests it.
    struct Wire: Decodable {
        struct Category: Decodable { var sector: String?; var industry: String? }
        struct Geo: Decodable { var city: String?; var country: String?; var countryCode: String? }
        struct Metrics: Decodable { var employees: Int?; var employeesRange: String?; var estimatedAnnualRevenue: String? }
        var domain: String?
        var name: String?
        var legalName: String?
        var category: Category?
        var geo: Geo?
        var metrics: Metrics?
        var foundedYear: Int?
        var type: String?
        var emailProvider: Bool?
    }

    init(wire: Wire, domain: String) {
        self.init(domain: wire.domain ?? domain, name: wire.name, industry: wire.category?.industry,
                  employees: wire.metrics?.employees, city: wire.geo?.city, country: wire.geo?.country)
        legalName = wire.legalName
        sector = wire.category?.sector
        employeesRange = wire.metrics?.employeesRange
        estimatedAnnualRevenue = wire.metrics?.estimatedAnnualRevenue
        countryCode = wire.geo?.countryCode
        foundedYear = wire.foundedYear
        type = wire.type
        emailProvider = wire.emailProvider
    }
}
