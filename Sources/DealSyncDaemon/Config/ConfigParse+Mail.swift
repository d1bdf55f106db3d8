import Foundation

extension ConfigParse {
    static let mailboxKeys = [
        "labels", "folders", "initial_window_days", "poll_fallback", "push_token", "pubsub_topic", "client_state",
        "public_url", "silence_after", "create_contacts",
    ]

    /// `mailbox:` of a gmail or graph source; nil for CRM sources (which may not have one).
    mutating func mailbox(_ field: YAMLField?, kind: SourceKind) -> MailboxConfig? {
        guard !kind.isCRM else {
            if let field { reader.fail(field, "mailbox options apply to gmail and graph sources only") }
            return nil
        }
        var config = MailboxConfig.defaults(for: kind)
        guard let field, let fields = reader.mapping(field, allowed: Self.mailboxKeys) else { return config }
        let listKey = kind == .gmail ? "labels" : "folders"
        let otherKey = kind == .gmail ? "folders" : "labels"
        if let f = fields[otherKey] { reader.fail(f, "\(kind.rawValue) mailboxes watch \(listKey), not \(otherKey)") }
        if let f = fields[listKey], let names = reader.stringList(f) {
            var unique: [String] = []
            for name in names where !unique.contains(name) { unique.append(name) }
            if unique.isEmpty { reader.fail(f, "must name at least one") } else { config.watch = unique }
        }
        if let f = fields["initial_window_days"], let text = reader.string(f) {
            if let days = Int(text), (1...3650).contains(days) { config.initialWindowDays = days } else {
                reader.fail(f, "expected a whole number of days from 1 to 3650, found \"\(text)\"")
            }
        }
        if let f = fields["poll_fallback"], let v = reader.parsed(f, ConfigDuration.parse) { config.pollFallback = v }
        if let f = fields["silence_after"], let v = reader.parsed(f, ConfigDuration.parse) { config.silenceAfter = v }
        if let f = fields["push_token"] { config.pushToken = reader.string(f) }
        if let f = fields["client_state"], let v = reader.string(f) {
            // Graph caps clientState at 128 characters.
            if v.count > 128 { reader.fail(f, "at most 128 characters") } else { config.clientState = v }
        }
        if let f = fields["pubsub_topic"], let v = reader.string(f) {
            if v.hasPrefix("projects/"), v.contains("/topics/") { config.pubsubTopic = v } else {
                reader.fail(f, "expected projects/PROJECT/topics/TOPIC, found \"\(v)\"")
            }
        }
        if let f = fields["public_url"], let v = reader.string(f) {
            if let url = URL(string: v), ["http", "https"].contains(url.scheme ?? ""), url.host != nil {
                config.publicURL = v.hasSuffix("/") ? String(v.dropLast()) : v
            } else {
                reader.fail(f, "bad URL \"\(v)\" (expected http:// or https:// with a host)")
            }
        }
        if let f = fields["create_contacts"], let text = reader.string(f) {
            switch text {
            case "true", "yes": config.createContacts = true
            case "false", "no": config.createContacts = false
            default: reader.fail(f, "expected true or false, found \"\(text)\"")
            }
        }
        if kind == .gmail, fields["client_state"] != nil || fields["public_url"] != nil {
            reader.fail(field, "client_state and public_url are graph options; gmail pushes arrive through pubsub_topic")
        }
        if kind == .graph, fields["pubsub_topic"] != nil {
            reader.fail(field, "pubsub_topic is a gmail option; graph pushes need public_url and client_state")
        }
        return config
    }
}
