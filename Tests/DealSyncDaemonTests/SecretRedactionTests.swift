import DealSyncCore
import Foundation
import Logging
import Testing

@testable import DealSyncDaemon

@Suite("Secrets never reach the logs")
struct SecretRedactionTests {
    static let secrets = [
        "sf-ACCESS-0123456789abcdef", "sf-REFRESH-fedcba9876543210", "sf-CLIENT-SECRET-xyzzy",
        "hub-PRIVATE-APP-TOKEN-plugh", "pd-API-TOKEN-4242424242", "pd-WEBHOOK-PASSWORD-hunter2",
    ]

    @Test("a full config load with every credential source, logged at trace level, shows no secret")
    func fullLoadAtTrace() throws {
        let fixture = try ConfigFixture()
        try fixture.write("creds/sf.json", """
            {"access_token":"\(Self.secrets[0])","refresh_token":"\(Self.secrets[1])",
             "client_id":"cid","client_secret":"\(Self.secrets[2])","token_url":"https://login.example/token"}
            """)
        try fixture.write("sd/hub", #"{"access_token":"\#(Self.secrets[3])"}"#)
        let yaml = """
            orgs:
              acme:
                sources:
                  sf:
                    kind: salesforce
                    base_url: https://acme.my.salesforce.com
                    credentials: { file: creds/sf.json }
                  hub:
                    kind: hubspot
                    credentials: { systemd: hub }
                  pd:
                    kind: pipedrive
                    credentials: { env: PD }
            """
        try fixture.write("dealsync.yaml", yaml)
        let env = CredentialEnvironment(
            variables: ["PD": #"{"api_token":"\#(Self.secrets[4])","webhook_password":"\#(Self.secrets[5])"}"#],
            credentialsDirectory: fixture.directory + "/sd")
        let capture = LogCapture()
        let config = try ConfigLoader(environment: env, logger: capture.logger("dealsync.config")).load(path: fixture.configPath)

        // The load did log, per source, where its credentials came from.
        #expect(capture.all.filter { $0.contains("credentials resolved") }.count == 3)
        #expect(capture.text.contains("source.id=sf"))
        // Interpolating the config or a source anywhere else must not leak either.
        let logger = capture.logger("dealsync.daemon")
        logger.trace("config", metadata: ["config": "\(config)"])
        for source in config.sources {
            logger.trace("source", metadata: ["source": "\(source)", "debug": "\(String(reflecting: source))"])
        }
        for secret in Self.secrets {
            #expect(!capture.text.contains(secret), "secret \(secret) appeared in the logs")
        }
    }

    @Test("a rejected credential document is not echoed in the error")
    func rejectedDocument() throws {
        let yaml = """
            orgs:
              acme:
                sources:
                  pd:
                    kind: pipedrive
                    credentials: { env: PD }
            """
        let env = CredentialEnvironment(variables: ["PD": "api_token=\(Self.secrets[4])"])
        let capture = LogCapture()
        do {
            _ = try ConfigLoader(environment: env, logger: capture.logger()).load(yaml: yaml, path: "/x.yaml")
            Issue.record("expected a rejection")
        } catch {
            #expect(!error.description.contains(Self.secrets[4]))
        }
        #expect(!capture.text.contains(Self.secrets[4]))
    }
}
