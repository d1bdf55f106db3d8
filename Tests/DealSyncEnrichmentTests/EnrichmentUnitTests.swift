import DealSyncDaemon
import DealSyncHooks
import DealSyncMail
import Testing

@Suite("Email enrichment")
struct EnrichmentUnitTests {
    let analyzer = SentimentAnalyzer()

    @Test("negation flips, intensifiers scale, contrast weighs the second clause")
    func sentimentRules() {
        #expect(analyzer.score("We are happy with it.") > 0.15)
        #expect(analyzer.score("We are not happy with it.") < 0)
        #expect(analyzer.score("We are very happy with it.") > analyzer.score("We are happy with it."))
        #expect(analyzer.score("No problems at all.") > 0)
        #expect(analyzer.score("The demo was great, but the price is terrible.") < 0)
        #expect(analyzer.score("I don't think this is a good fit.") < 0)
        #expect(analyzer.score("") == 0)
        let extreme = analyzer.score(String(repeating: "excellent amazing fantastic ", count: 500))
        #expect(extreme <= 1 && extreme > 0.9)
    }

    @Test("only the newest text counts: a happy reply to an angry thread is positive")
    func newestTextOnly() {
        let raw = """
            From: Ann <ann@northwind.example>\r
            To: sam@contoso.example\r
            Subject: Re: outage\r
            \r
            Great news, the fix works and we are happy again.\r
            \r
            On Mon, 3 Nov 2025 at 09:00, Sam <sam@contoso.example> wrote:\r
            > This outage is terrible and we are furious.\r
            """
        let report = EnrichCommand.report(for: Array(raw.utf8))
        #expect(report.enrichment.sentimentLabel == .positive)
    }

    @Test("seniority from titles", arguments: [
        ("Chief Financial Officer", Seniority.cLevel), ("Co-Founder & CEO", .cLevel), ("President", .cLevel),
        ("Vice President, Sales", .vpPlus), ("SVP Finance", .vpPlus), ("Head of IT", .vpPlus), ("Director of Procurement", .vpPlus),
        ("Procurement Manager", .manager), ("Team Lead, Finance", .manager),
        ("Account Executive", .ic), ("Software Engineer", .ic), ("Executive Assistant to the CEO", .ic),
    ])
    func seniority(title: String, expected: Seniority) {
        #expect(Seniority(title: title) == expected)
        #expect(Seniority(title: nil) == .unknown)
    }

    @Test("action items: requests, commitments and the dates they name")
    func actionItems() {
        let items = ActionItemExtractor.extract("""
            Thanks for the call. Can you send the MSA by Friday? I'll get the PO raised tomorrow.
            Let me know if anything changes. The weather was nice.
            """)
        #expect(items == [
            ActionItem(kind: .request, text: "Can you send the MSA by Friday?", due: "by Friday"),
            ActionItem(kind: .commitment, text: "I'll get the PO raised tomorrow.", due: "tomorrow"),
            ActionItem(kind: .request, text: "Let me know if anything changes.", due: nil),
        ])
    }

    @Test("contacts: free-mail has no company, internal domains are flagged, signature gives title and phone")
    func contacts() {
        let facts = EmailFacts(
            participants: [
                .init(name: "Ann Lee", address: "Ann@Gmail.com", role: .from),
                .init(name: "Sam", address: "sam@contoso.example", role: .to),
                .init(name: "Bo", address: "bo@northwind.example", role: .cc),
                .init(name: "Bo again", address: "BO@northwind.example", role: .cc),
            ],
            newText: "Looks good.",
            signature: "Best,\nAnn Lee\nVP of Sales | Northwind\nMobile: +1 (415) 555-0100"
        )
        let enrichment = EmailEnricher(config: EnrichmentConfig(internalDomains: ["contoso.example"])).enrich(facts)
        #expect(enrichment.contacts.map(\.email) == ["ann@gmail.com", "sam@contoso.example", "bo@northwind.example"])
        #expect(enrichment.contacts[0].companyDomain == nil)
        #expect(enrichment.contacts[0].title == "VP of Sales")
        #expect(enrichment.contacts[0].phone == "+1 (415) 555-0100")
        #expect(enrichment.contacts[0].seniority == .vpPlus)
        #expect(enrichment.contacts[1].isInternal)
        #expect(enrichment.companyDomains == ["northwind.example"])
        #expect(enrichment.topSeniority == .vpPlus)
    }

    @Test("fallback: unreadable address headers give addresses by pattern")
    func patternFallback() {
        let facts = EmailFacts(participants: [], newText: "hi", rawAddressText: "From: broken <<< ann@northwind.example >>")
        let enrichment = EmailEnricher().enrich(facts)
        #expect(enrichment.contacts.map(\.email) == ["ann@northwind.example"])
        #expect(enrichment.fallbacks == ["addresses_by_pattern"])
    }

    @Test("competitor mentions are whole words, case-insensitive")
    func competitors() {
        let found = CompetitorMatcher.mentions(in: "We also looked at SALESFORCE and Acme Cloud; acmecloudy is unrelated.",
                                               competitors: ["Salesforce", "Acme Cloud", "Pipedrive", "cloud y"])
        #expect(found == ["Salesforce", "Acme Cloud"])
    }

    @Test("enrich report flags a hostile message instead of failing")
    func hostileReport() {
        let raw = "From: x@bad.example\nContent-Type: multipart/mixed\n\nno boundary here"
        let report = EnrichCommand.report(for: Array(raw.utf8))
        #expect(report.flags == [.missingBoundary])
        #expect(report.enrichment.contacts.map(\.email) == ["x@bad.example"])
    }
}

@Suite("Signature reading")
struct SignatureReaderTests {
    @Test("titles: company cut after bar or comma, department kept", arguments: [
        ("Ann Lee\nVP of Sales | Northwind", "VP of Sales"),
        ("Ann Lee\nVP of Sales, Northwind", "VP of Sales"),
        ("Ann Lee\nVice President, Procurement", "Vice President, Procurement"),
        ("Ann Lee\nTeam Lead, Finance, Litware", "Team Lead, Finance"),
        ("Ann Lee\nhttps://northwind.example/sales-director", nil),
    ])
    func titles(signature: String, expected: String?) {
        #expect(SignatureReader.read(signature, name: "Ann Lee").title == expected)
    }

    @Test("phones need 7 to 15 digits")
    func phones() {
        #expect(SignatureReader.read("Tel: +44 20 7946 0018", name: nil).phone == "+44 20 7946 0018")
        #expect(SignatureReader.read("Order 12345", name: nil).phone == nil)
    }
}
