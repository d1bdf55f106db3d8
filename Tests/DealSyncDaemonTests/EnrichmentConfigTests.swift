import Foundation
import Testing

@testable import DealSyncDaemon

@Suite("Enrichment config")
struct EnrichmentConfigTests {
    @Test func theLookupSettingsLoad() throws {
        let fixture = try ConfigFixture()
        let key = try fixture.write("lookup.key", "sk_test\n")
        let yaml = """
            orgs:
              acme:
                enrichment:
                  lookup_url: https://company.clearbit.com/
                  lookup_token_file: lookup.key
                  cache_days: 3
                  free_mail_domains: [Mail.Example]
            """
        let config = try ConfigLoader(environment: .init(variables: [:])).load(yaml: yaml, path: fixture.configPath)
        let settings = try #require(config.orgs.first?.enrichment)
        #expect(settings.lookupURL == "https://company.clearbit.com")
        #expect(settings.lookupTokenFile == key)
        #expect(settings.cacheLifetime == 3 * 86_400)
        #expect(settings.freeMailDomains.contains("mail.example") && settings.freeMailDomains.contains("gmail.com"))
        #expect(settings.timeout == .seconds(2))
    }

    @Test func mistakesNameTheFileAndKey() throws {
        let fixture = try ConfigFixture()
        let yaml = """
            orgs:
              acme:
                enrichment:
                  lookup_url: https://company.clearbit.com
                  lookup_token_file: missing.key
                  cache_days: 0
            """
        do {
            _ = try ConfigLoader(environment: .init(variables: [:])).load(yaml: yaml, path: fixture.configPath)
            Issue.record("bad enrichment settings accepted")
        } catch {
            let text = error.description
            #expect(text.contains("orgs.acme.enrichment.lookup_token_file"))
            #expect(text.contains("orgs.acme.enrichment.cache_days"))
            #expect(text.contains(fixture.configPath))
        }
    }
}
