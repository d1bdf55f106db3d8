import Foundation

extension ConfigParse {
    static let hooksKeys = [
        "slack_webhook_url", "high_value_amount", "risk_score_below", "alert_min_amount", "model",
        "review_confidence", "quality_threshold", "external",
    ]
    static let externalHookKeys = ["name", "command", "url", "timeout", "writable_fields"]

    /// `orgs.ORG.hooks`; an empty section turns hooks on with every default.
    mutating func hooks(_ field: YAMLField) -> HooksConfig? {
        guard let fields = reader.mapping(field, allowed: Self.hooksKeys) else { return nil }
        var config = HooksConfig()
        if let f = fields["slack_webhook_url"] { config.slackWebhookURL = url(f) }
        if let f = fields["high_value_amount"], let v = amount(f) { config.highValueAmount = v }
        if let f = fields["alert_min_amount"], let v = amount(f) { config.alertMinAmount = v }
        if let f = fields["risk_score_below"], let v = number(f, in: 0...100) { config.riskScoreBelow = v }
        if let f = fields["review_confidence"], let v = number(f, in: 0...1) { config.reviewConfidence = v }
        if let f = fields["quality_threshold"], let v = number(f, in: 0...1) { config.qualityThreshold = v }
        if let f = fields["model"], let path = reader.string(f).map(absolute) {
            if FileManager.default.isReadableFile(atPath: path) { config.model = path } else {
                reader.fail(f, "model file \(path) is not readable")
            }
        }
        if let f = fields["external"] { config.external = externalHooks(f) }
        return config
    }

    private mutating func externalHooks(_ field: YAMLField) -> [ExternalHookConfig] {
        guard case .sequence(let items) = field.node else {
            reader.fail(field, "expected a list, found \(YAMLFieldReader.kindName(field.node))")
            return []
        }
        var hooks: [ExternalHookConfig] = []
        for (i, item) in items.enumerated() {
            let entry = YAMLField(node: item, path: "\(field.path)[\(i)]", keyLine: field.line)
            guard let hook = externalHook(entry) else { continue }
            if hooks.contains(where: { $0.name == hook.name }) {
                reader.fail(entry, "another external hook is named \"\(hook.name)\"")
                continue
            }
            hooks.append(hook)
        }
        return hooks
    }

    private mutating func externalHook(_ field: YAMLField) -> ExternalHookConfig? {
        guard let fields = reader.mapping(field, allowed: Self.externalHookKeys) else { return nil }
        var name: String?
        if let f = reader.require(fields, "name", in: field), let v = reader.string(f) {
            if Self.isSlug(v) { name = v } else { reader.fail(f, "name must be lowercase letters, digits, - or _") }
        }
        var target: ExternalHookConfig.Target?
        switch (fields["command"], fields["url"]) {
        case (let f?, nil):
            if let argv = reader.stringList(f) {
                if argv.isEmpty { reader.fail(f, "must name the program to run") } else { target = .command(argv) }
            }
        case (nil, let f?):
            target = url(f).map { .url($0) }
        default:
            reader.fail(field, "exactly one of command or url is required")
        }
        guard let name, let target else { return nil }
        var hook = ExternalHookConfig(name: name, target: target)
        if let f = fields["timeout"], let v = reader.parsed(f, ConfigDuration.parse) { hook.timeout = v }
        if let f = fields["writable_fields"], let v = reader.stringList(f) { hook.writableFields = v }
        return hook
    }

    private mutating func amount(_ field: YAMLField) -> Decimal? {
        guard let text = reader.string(field) else { return nil }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), value >= 0,
              text.allSatisfy({ $0.isNumber || $0 == "." }) else {
            reader.fail(field, "expected a non-negative amount, found \"\(text)\"")
            return nil
        }
        return value
    }

    private mutating func number(_ field: YAMLField, in range: ClosedRange<Double>) -> Double? {
        guard let text = reader.string(field) else { return nil }
        guard let value = Double(text), range.contains(value) else {
            reader.fail(field, "expected a number from \(range.lowerBound.formatted()) to \(range.upperBound.formatted()), found \"\(text)\"")
            return nil
        }
        return value
    }
}
