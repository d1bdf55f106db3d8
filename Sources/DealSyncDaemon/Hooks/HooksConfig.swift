import DealSyncCore
import Foundation

/// `orgs.ORG.hooks`: the hook pipeline run on each of the org's committed changes (DESIGN §6).
/// Present (even empty, `hooks: {}`) turns hooks on for the org; absent, no hook runs.
public struct HooksConfig: Sendable, Hashable {
    /// `slack_webhook_url`: the org's Slack incoming webhook; no Slack messages without one.
    public var slackWebhookURL: String?
    /// `high_value_amount`: deals at or above this amount are announced when scored. Default 100000.
    public var highValueAmount: Decimal = 100_000
    /// `risk_score_below`: a deal scoring under this, with a risk, raises a risk alert. Default 40.
    public var riskScoreBelow: Double = 40
    /// `alert_min_amount`: risk and slipping alerts only for deals at or above this. Default 10000.
    public var alertMinAmount: Decimal = 10_000
    /// `model`: an XGBoost JSON model file. Default: `models/default-deal-model.json` where
    /// installed (see `DefaultModel`), else rule-based scoring.
    public var model: String?
    /// `review_confidence`: scores less confident than this wait in `dealsyncctl review`. Default 0.6.
    public var reviewConfidence: Double = 0.6
    /// `quality_threshold`: a write-back the evaluator rates lower waits for review. Default 0.7.
    public var qualityThreshold: Double = 0.7
    /// `external`: operators' hooks, run last, in this order.
    public var external: [ExternalHookConfig] = []

    public init() {}
}

/// One `hooks.external` entry: a command (JSON on stdin, JSON on stdout) or an HTTP endpoint.
public struct ExternalHookConfig: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        /// `command`: argv, run without a shell.
        case command([String])
        /// `url`: POSTed the request JSON; the reply body is the hook's answer.
        case url(String)
    }

    /// `name`: the metric label and log name; unique within the org.
    public var name: String
    public var target: Target
    /// `timeout`: how long the hook may take before it is killed or abandoned. Default 5s.
    public var timeout: Duration = .seconds(5)
    /// `writable_fields`: canonical fields the hook may propose edits to (default none).
    public var writableFields: [String] = []

    public init(name: String, target: Target) {
        self.name = name
        self.target = target
    }
}
