import DealSyncCore
import Foundation
import Testing

@testable import DealSyncDaemon

@Suite("Config loading")
struct ConfigLoaderTests {
    static let salesforceSecret = "00Dxx-SALESFORCE-ACCESS-TOKEN-s3cr3t"

    @Test("a full file loads with defaults, relative paths and all three credential sources")
    func fullFile() throws {
        let fixture = try ConfigFixture()
        try fixture.write("creds/sf.json", #"{"access_token":"\#(Self.salesforceSecret)","refresh_token":"r1"}"#)
        try fixture.write("systemd-creds/hubspot", #"{"access_token":"hub-token"}"#)
        try FileManager.default.createDirectory(atPath: fixture.directory + "/connectors", withIntermediateDirectories: true)
        let yaml = """
            state_dir: state
            control_socket: /tmp/x/control.sock
            http_listen: "[::1]:9999"
            connectors_dir: connectors
            log_level: debug
            orgs:
              acme:
                sources:
                  salesforce-prod:
                    kind: salesforce
                    base_url: http://127.0.0.1:8080/salesforce/
                    objects: [deal, contact]
                    poll_interval: 2m
                    request_timeout: 10s
                    credentials:
                      file: creds/sf.json
                  hubspot:
                    kind: hubspot
                    credentials: { systemd: hubspot }
              beta:
                sources:
                  pd:
                    kind: pipedrive
                    poll_interval: 45s
                    credentials: { env: PD_CREDS }
            """
        let env = CredentialEnvironment(
            variables: ["PD_CREDS": #"{"api_token":"pd-token"}"#],
            credentialsDirectory: fixture.directory + "/systemd-creds")
        let config = try ConfigLoader(environment: env).load(yaml: yaml, path: fixture.configPath)

        #expect(config.stateDir == fixture.directory + "/state")
        #expect(config.controlSocket == "/tmp/x/control.sock")
        #expect(config.httpListen == ListenAddress(host: "::1", port: 9999))
        #expect(config.connectorsDir == fixture.directory + "/connectors")
        #expect(config.mappingsDir == nil)
        #expect(config.mappings == nil)
        #expect(config.logLevel == .debug)
        #expect(config.orgs.map(\.id) == [OrgID("acme"), OrgID("beta")])

        let sf = try #require(config.source(org: OrgID("acme"), id: SourceID("salesforce-prod")))
        #expect(sf.kind == .salesforce)
        #expect(sf.baseURL == "http://127.0.0.1:8080/salesforce")
        #expect(sf.objects == [.deal, .contact])
        #expect(sf.pollInterval == .seconds(120))
        #expect(sf.requestTimeout == .seconds(10))
        #expect(sf.credentialReference == .file(fixture.directory + "/creds/sf.json"))
        #expect(sf.credentials["access_token"] == Self.salesforceSecret)

        let hub = try #require(config.source(org: OrgID("acme"), id: SourceID("hubspot")))
        #expect(hub.baseURL == "https://api.hubapi.com")
        #expect(hub.objects == [.deal, .contact, .company])
        #expect(hub.pollInterval == SourceConfig.defaultPollInterval)
        #expect(hub.requestTimeout == .seconds(30))
        #expect(hub.credentials["access_token"] == "hub-token")

        let pd = try #require(config.source(org: OrgID("beta"), id: SourceID("pd")))
        #expect(pd.credentials["api_token"] == "pd-token")
        #expect(pd.pollInterval == .seconds(45))
    }

    @Test("an empty file is a valid config with every default")
    func emptyFile() throws {
        let config = try ConfigLoader(environment: .init(variables: [:])).load(yaml: "", path: "/etc/dealsync/dealsync.yaml")
        #expect(config.stateDir == "/var/lib/dealsync")
        #expect(config.controlSocket == "/run/dealsync/control.sock")
        #expect(config.httpListen == ListenAddress(host: "127.0.0.1", port: 9464))
        #expect(config.orgs.isEmpty)
    }

    @Test("the shipped examples/minimal.yaml is valid")
    func minimalExample() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/minimal.yaml").path
        let config = try ConfigLoader(environment: .init(variables: [:])).load(path: path)
        #expect(config.sources.isEmpty)
    }

    @Test("mappings_dir is validated with the config; its errors name the mappings file and key")
    func mappings() throws {
        let repoMappings = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("mappings").path
        let loader = ConfigLoader(environment: .init(variables: [:]))
        let good = try loader.load(yaml: "mappings_dir: \(repoMappings)\n", path: "/etc/dealsync/dealsync.yaml")
        #expect(good.mappings?.objects[.deal] != nil)

        let fixture = try ConfigFixture()
        for name in try FileManager.default.contentsOfDirectory(atPath: repoMappings) {
            let text = try String(contentsOfFile: repoMappings + "/" + name, encoding: .utf8)
            try fixture.write("mappings/" + name, name == "deal.yaml" ? text.replacingOccurrences(of: "\nobject: deal", with: "\nobject: dael") : text)
        }
        do {
            _ = try loader.load(yaml: "mappings_dir: mappings\n", path: fixture.configPath)
            Issue.record("a bad mappings file must be rejected")
        } catch {
            let issue = try #require(error.issues.first)
            #expect(issue.file == fixture.directory + "/mappings/deal.yaml")
            #expect(issue.keyPath == "object")
            #expect(issue.line != nil)
        }
    }

    @Test("an unknown source kind names file, line, key path and the allowed kinds")
    func unknownKind() throws {
        let yaml = """
            orgs:
              acme:
                sources:
                  sf:
                    kind: salesfarce
                    base_url: https://acme.my.salesforce.com
                    credentials: { env: X }
            """
        let issues = try issues(yaml, env: ["X": #"{"access_token":"t"}"#])
        #expect(issues == [
            #"/etc/dealsync/dealsync.yaml:5: orgs.acme.sources.sf.kind: unknown source kind "salesfarce" (expected salesforce, hubspot, pipedrive, gmail, graph)"#
        ])
    }

    @Test("a missing required key is reported at its parent's line")
    func missingKey() throws {
        let yaml = """
            orgs:
              acme:
                sources:
                  hub:
                    credentials: { env: X }
            """
        #expect(try issues(yaml, env: ["X": #"{"access_token":"t"}"#])
            == ["/etc/dealsync/dealsync.yaml:4: orgs.acme.sources.hub.kind: missing required key"])
    }

    @Test("salesforce requires base_url; other kinds default it")
    func salesforceNeedsBaseURL() throws {
        let yaml = """
            orgs:
              acme:
                sources:
                  sf:
                    kind: salesforce
                    credentials: { env: X }
            """
        #expect(try issues(yaml, env: ["X": #"{"access_token":"t"}"#])
            == ["/etc/dealsync/dealsync.yaml:4: orgs.acme.sources.sf.base_url: missing required key"])
    }

    @Test("wrong types name what was expected and what was found")
    func wrongTypes() throws {
        let yaml = """
            state_dir: [a, b]
            orgs:
              acme:
                sources:
                  hub:
                    kind: hubspot
                    objects: deal
                    credentials: { env: X }
            """
        #expect(try issues(yaml, env: ["X": #"{"access_token":"t"}"#]) == [
            "/etc/dealsync/dealsync.yaml:1: state_dir: expected a string, found a list",
            #"/etc/dealsync/dealsync.yaml:7: orgs.acme.sources.hub.objects: expected a list, found "deal""#,
        ])
    }

    @Test("unknown keys are rejected, with the closest known key as a hint")
    func unknownKeys() throws {
        let yaml = """
            http_lisen: 127.0.0.1:1
            orgs:
              acme:
                sources:
                  hub:
                    kind: hubspot
                    pol_interval: 30s
                    credentials: { env: X, token: abc }
            """
        #expect(try issues(yaml, env: ["X": #"{"access_token":"t"}"#]) == [
            #"/etc/dealsync/dealsync.yaml:1: http_lisen: unknown key "http_lisen" (did you mean http_listen?)"#,
            #"/etc/dealsync/dealsync.yaml:7: orgs.acme.sources.hub.pol_interval: unknown key "pol_interval" (did you mean poll_interval?)"#,
            #"/etc/dealsync/dealsync.yaml:8: orgs.acme.sources.hub.credentials.token: unknown key "token" (expected one of file, env, systemd)"#,
        ])
    }

    @Test("bad durations, listen addresses, URLs, log levels and objects are each reported")
    func badValues() throws {
        let yaml = """
            http_listen: localhost
            log_level: loud
            orgs:
              acme:
                sources:
                  hub:
                    kind: hubspot
                    base_url: ftp://example.com
                    objects: [deal, invoice]
                    poll_interval: 30 seconds
                    request_timeout: 0s
                    credentials: { env: X }
            """
        #expect(try issues(yaml, env: ["X": #"{"access_token":"t"}"#]) == [
            #"/etc/dealsync/dealsync.yaml:1: http_listen: bad listen address "localhost" (expected HOST:PORT, e.g. 127.0.0.1:9464)"#,
            #"/etc/dealsync/dealsync.yaml:2: log_level: unknown log level "loud" (expected trace, debug, info, notice, warning, error, critical)"#,
            #"/etc/dealsync/dealsync.yaml:8: orgs.acme.sources.hub.base_url: bad URL "ftp://example.com" (expected http:// or https:// with a host)"#,
            #"/etc/dealsync/dealsync.yaml:9: orgs.acme.sources.hub.objects: unknown object "invoice" (expected activity, company, contact, deal)"#,
            #"/etc/dealsync/dealsync.yaml:10: orgs.acme.sources.hub.poll_interval: bad duration "30 seconds" (expected a positive number with unit s, m or h, e.g. 30s)"#,
            #"/etc/dealsync/dealsync.yaml:11: orgs.acme.sources.hub.request_timeout: bad duration "0s" (expected a positive number with unit s, m or h, e.g. 30s)"#,
        ])
    }

    @Test("listen addresses and durations parse the documented forms")
    func valueParsers() throws {
        #expect(try ListenAddress.parse("0.0.0.0:80").get() == ListenAddress(host: "0.0.0.0", port: 80))
        #expect(try ListenAddress.parse("[::1]:9464").get().description == "[::1]:9464")
        #expect((try? ListenAddress.parse("127.0.0.1:70000").get()) == nil)
        #expect((try? ListenAddress.parse("::1:80").get()) == nil)
        #expect(try ConfigDuration.parse("30s").get() == .seconds(30))
        #expect(try ConfigDuration.parse("5m").get() == .seconds(300))
        #expect(try ConfigDuration.parse("2h").get() == .seconds(7200))
        #expect(try ConfigDuration.parse("250ms").get() == .milliseconds(250))
        for bad in ["0s", "-5s", "5", "5d", "s", "99999999999h"] {
            #expect((try? ConfigDuration.parse(bad).get()) == nil, "\(bad) should be rejected")
        }
    }

    @Test("credentials need exactly one of file, env or systemd")
    func credentialChoice() throws {
        let yaml = """
            orgs:
              acme:
                sources:
                  a:
                    kind: hubspot
                    credentials: { env: X, file: x.json }
                  b:
                    kind: hubspot
                    credentials: {}
            """
        #expect(try issues(yaml, env: ["X": #"{"access_token":"t"}"#]) == [
            "/etc/dealsync/dealsync.yaml:6: orgs.acme.sources.a.credentials: exactly one of file, env or systemd is required",
            "/etc/dealsync/dealsync.yaml:9: orgs.acme.sources.b.credentials: exactly one of file, env or systemd is required",
        ])
    }

    @Test("unreadable, unset, missing and malformed credentials are reported without their content")
    func badCredentials() throws {
        let fixture = try ConfigFixture()
        try fixture.write("list.json", #"["\#(Self.salesforceSecret)"]"#)
        try fixture.write("empty.json", #"{"client_id":"id-only"}"#)
        try fixture.write("syscreds/present", "{}")
        let yaml = """
            orgs:
              acme:
                sources:
                  a:
                    kind: hubspot
                    credentials: { file: missing.json }
                  b:
                    kind: hubspot
                    credentials: { env: DEALSYNC_UNSET }
                  c:
                    kind: hubspot
                    credentials: { systemd: absent }
                  d:
                    kind: hubspot
                    credentials: { file: list.json }
                  e:
                    kind: hubspot
                    credentials: { env: NOT_JSON }
                  f:
                    kind: hubspot
                    credentials: { file: empty.json }
            """
        let env = CredentialEnvironment(
            variables: ["NOT_JSON": "token=\(Self.salesforceSecret)"], credentialsDirectory: fixture.directory + "/syscreds")
        let issues = try issues(yaml, path: fixture.configPath, environment: env)
        let file = fixture.configPath
        #expect(issues == [
            "\(file):6: orgs.acme.sources.a.credentials: cannot read credential file \(fixture.directory)/missing.json",
            "\(file):9: orgs.acme.sources.b.credentials: environment variable DEALSYNC_UNSET is not set",
            "\(file):12: orgs.acme.sources.c.credentials: systemd credential absent not found in \(fixture.directory)/syscreds",
            "\(file):15: orgs.acme.sources.d.credentials: file \(fixture.directory)/list.json is not a JSON object",
            "\(file):18: orgs.acme.sources.e.credentials: env NOT_JSON is not a JSON object",
            "\(file):21: orgs.acme.sources.f.credentials: file \(fixture.directory)/empty.json has none of access_token, refresh_token, api_token",
        ])
        #expect(!issues.joined().contains(Self.salesforceSecret))
    }

    @Test("a systemd credential without CREDENTIALS_DIRECTORY says how to provide one")
    func systemdWithoutDirectory() throws {
        let yaml = """
            orgs:
              acme:
                sources:
                  a:
                    kind: gmail
                    credentials: { systemd: gmail-a }
            """
        #expect(try issues(yaml, env: [:]) == [
            "/etc/dealsync/dealsync.yaml:6: orgs.acme.sources.a.credentials: CREDENTIALS_DIRECTORY is not set (add LoadCredential=gmail-a:PATH to the unit)"
        ])
    }

    @Test("YAML syntax errors carry their line")
    func syntaxError() throws {
        let result = try issues("orgs:\n  acme: [unclosed\n", env: [:])
        #expect(result.count == 1)
        #expect(result.first?.hasPrefix("/etc/dealsync/dealsync.yaml:") == true)
        #expect(result.first?.contains("YAML syntax error") == true)
    }

    @Test("ids must be slugs and the local replica id is reserved")
    func badIDs() throws {
        let yaml = """
            orgs:
              Acme Corp:
                sources: {}
              acme:
                sources:
                  local:
                    kind: hubspot
                    credentials: { env: X }
            """
        #expect(try issues(yaml, env: ["X": #"{"access_token":"t"}"#]) == [
            "/etc/dealsync/dealsync.yaml:2: orgs.Acme Corp: org id must be lowercase letters, digits, - or _",
            #"/etc/dealsync/dealsync.yaml:6: orgs.acme.sources.local: source id must be lowercase letters, digits, - or _ (and not "local")"#,
        ])
    }

    @Test("a file that cannot be read is one issue naming it")
    func unreadableFile() {
        #expect(throws: ConfigError.self) { try ConfigLoader().load(path: "/nonexistent/dealsync.yaml") }
        do {
            _ = try ConfigLoader().load(path: "/nonexistent/dealsync.yaml")
        } catch {
            #expect(error.description == "/nonexistent/dealsync.yaml: cannot read file")
        }
    }

    private func issues(_ yaml: String, env: [String: String]) throws -> [String] {
        try issues(yaml, path: "/etc/dealsync/dealsync.yaml", environment: CredentialEnvironment(variables: env))
    }

    private func issues(_ yaml: String, path: String, environment: CredentialEnvironment) throws -> [String] {
        do {
            _ = try ConfigLoader(environment: environment).load(yaml: yaml, path: path)
            Issue.record("expected the config to be rejected")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }
}
