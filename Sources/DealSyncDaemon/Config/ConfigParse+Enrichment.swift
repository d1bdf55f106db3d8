import Foundation

extension ConfigParse {
    static let enrichmentKeys = ["lookup_url", "lookup_token_file", "cache_days", "free_mail_domains", "timeout"]

    /// `orgs.ORG.enrichment`: the company lookup (`EnrichmentSettings`).
    mutating func enrichment(_ field: YAMLField) -> EnrichmentSettings? {
        guard let fields = reader.mapping(field, allowed: Self.enrichmentKeys) else { return nil }
        var settings = EnrichmentSettings()
        if let f = fields["lookup_url"] { settings.lookupURL = url(f) }
        if let f = fields["lookup_token_file"], let path = reader.string(f).map(absolute) {
            if FileManager.default.isReadableFile(atPath: path) { settings.lookupTokenFile = path } else {
                reader.fail(f, "token file \(path) is not readable")
            }
        }
        if settings.lookupURL != nil, settings.lookupTokenFile == nil {
            reader.fail(field, "lookup_url needs lookup_token_file (the API key)")
        }
        if let f = fields["cache_days"], let text = reader.string(f) {
            if let days = Int(text), (1...365).contains(days) { settings.cacheDays = days } else {
                reader.fail(f, "expected a whole number of days from 1 to 365, found \"\(text)\"")
            }
        }
        if let f = fields["free_mail_domains"], let domains = reader.stringList(f) {
            let bad = domains.filter { !$0.contains(".") || $0.contains("@") || $0.contains(" ") }
            if let first = bad.first { reader.fail(f, "\"\(first)\" is not a domain") } else {
                settings.extraFreeMailDomains = Set(domains.map { $0.lowercased() })
            }
        }
        if let f = fields["timeout"], let v = reader.parsed(f, ConfigDuration.parse) {
            if v > .zero, v <= .seconds(3) { settings.timeout = v } else { reader.fail(f, "expected a duration above 0 and at most 3s") }
        }
        return settings
    }
}
