import Foundation

extension Sandbox {
    /// Writes a dealsyncd config (the shared YAML shape) whose sources are this sandbox's
    /// emulators, with each source's credentials in `creds/{source}.json` beside it (mode 0600).
    /// With `webhookBase` (the daemon's HTTP address, `http://127.0.0.1:9464`), every emulator
    /// that sends webhooks is pointed at `{webhookBase}/webhooks/{org}/{source}` and the daemon's
    /// `http_listen` is taken from it. With `hooks`, the org scores its deals and announces them
    /// to the Slack emulator (a `hooks:` section; `hooksExtra` lines are added to it, indented).
    /// Returns the source ids written, by service.
    @discardableResult
    public func writeConfig(to path: String, org: String = "demo", webhookBase: String? = nil,
                            stateDir: String? = nil, pollInterval: String = "30s", hooks: Bool = true,
                            hooksExtra: [String] = []) async throws -> [String: String] {
        let configURL = URL(fileURLWithPath: path)
        let directory = configURL.deletingLastPathComponent()
        let credsDirectory = directory.appendingPathComponent("creds")
        let fm = FileManager.default
        try fm.createDirectory(at: credsDirectory, withIntermediateDirectories: true)
        let state = stateDir ?? directory.appendingPathComponent("state").path
        let listen = webhookBase.flatMap(Self.hostPort) ?? "127.0.0.1:9464"

        var yaml = """
        # Written by dealsync-sandbox (seed \(seed)): every source is a local emulator.
        state_dir: \(Self.quoted(state))
        control_socket: \(Self.quoted(state + "/control.sock"))
        http_listen: \(Self.quoted(listen))
        log_level: info
        orgs:
          \(org):
            sources:

        """
        var sourceIDs: [String: String] = [:]
        let allCredentials = credentials
        for service in services where Self.syncedKinds.contains(service) {
            let source = "\(service)-sandbox"
            sourceIDs[service] = source
            let credsFile = credsDirectory.appendingPathComponent("\(source).json")
            let document = JSONValue.object((allCredentials[service] ?? [:]).mapValues(JSONValue.string))
            try document.encoded().write(to: credsFile, options: .atomic)
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: credsFile.path)
            let objects = ["gmail", "graph"].contains(service) ? "[activity]" : "[deal, contact, company]"
            yaml += """
                  \(source):
                    kind: \(service)
                    base_url: \(Self.quoted("\(baseURL)/\(service)"))
                    objects: \(objects)
                    poll_interval: \(pollInterval)
                    credentials:
                      file: \(Self.quoted("creds/\(source).json"))

            """
            yaml += Self.mailboxOptions(service: service, webhookBase: webhookBase)
            if let webhookBase {
                try await setWebhookTarget(service: service, url: "\(webhookBase)/webhooks/\(org)/\(source)")
            }
        }
        if hooks {
            yaml += "    hooks:\n"
            yaml += "      slack_webhook_url: \(Self.quoted(baseURL + "/slack" + slack.webhookPath))\n"
            // The synthetic history leaves features unknown (few activities, young owners), which
            // keeps confidence near the default 0.6; the demo writes its scores back instead.
            if !hooksExtra.contains(where: { $0.hasPrefix("review_confidence:") }) {
                yaml += "      review_confidence: 0.4\n"
            }
            for line in hooksExtra { yaml += "      \(line)\n" }
            // Companies met in mail are looked up in the emulated Clearbit-style service.
            let keyFile = credsDirectory.appendingPathComponent("lookup.key")
            try Data((lookup.apiKey + "\n").utf8).write(to: keyFile, options: .atomic)
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)
            yaml += "    enrichment:\n"
            yaml += "      lookup_url: \(Self.quoted(baseURL + "/lookup"))\n"
            yaml += "      lookup_token_file: \(Self.quoted("creds/lookup.key"))\n"
        }
        try Data(yaml.utf8).write(to: configURL, options: .atomic)
        return sourceIDs
    }

    /// Mailbox sources watch a week back and take pushes: Gmail through the emulated Pub/Sub
    /// topic (its token is the credential document's `webhook_secret`), Graph through a
    /// subscription on the daemon's own address. Seven days keep the seeded backlog small.
    static func mailboxOptions(service: String, webhookBase: String?) -> String {
        switch service {
        case "gmail":
            return """
                    mailbox:
                      labels: [INBOX]
                      initial_window_days: 7
                      pubsub_topic: "projects/dealsync-sandbox/topics/gmail-push"

            """
        case "graph":
            guard let webhookBase else { return "        mailbox:\n          folders: [inbox]\n          initial_window_days: 7\n" }
            return """
                    mailbox:
                      folders: [inbox]
                      initial_window_days: 7
                      public_url: \(quoted(webhookBase))
                      client_state: "sandbox-graph-client-state"

            """
        default:
            return ""
        }
    }

    /// `http://127.0.0.1:9464/…` → `127.0.0.1:9464`.
    static func hostPort(_ url: String) -> String? {
        guard let components = URLComponents(string: url), let host = components.host else { return nil }
        return "\(host):\(components.port ?? (components.scheme == "https" ? 443 : 80))"
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
