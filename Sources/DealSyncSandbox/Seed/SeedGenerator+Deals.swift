import Foundation

extension SeedGenerator {
    static let openStages: [SeedStage] = [.prospecting, .qualification, .proposal, .negotiation]
    static let day: TimeInterval = 86_400

    /// The forecast probability each stage carries by default in the CRMs' sales processes.
    static func probability(_ stage: SeedStage) -> Int {
        switch stage {
        case .prospecting: 10
        case .qualification: 20
        case .proposal: 50
        case .negotiation: 75
        case .closedWon: 100
        case .closedLost: 0
        }
    }

    mutating func makeDeal(index: Int, company: SeedCompany, contactKeys: [String], owner: SeedOwner,
                           presence: Set<SeedCRM>) -> SeedDeal {
        let city = cityOf(company)
        // A few customers are billed in another currency than their home one.
        let currency = dealRandom.chance(0.05) ? dealRandom.pick(["USD", "EUR", "GBP"]) : city.currency
        // Deal sizes are log-normal: median 18k, a long tail into the millions.
        let raw = dealRandom.logNormal(median: 18_000, sigma: 1.1).clamped(to: 500...5_000_000)
        let amount = Decimal((raw / 100).rounded() * 100)

        let createdAt = anchor.addingTimeInterval(-Self.day * (1 + dealRandom.unit() * 540))
        let outcome = dealRandom.weighted([55, 20, 25]) // open, won, lost
        let reached = dealRandom.weighted(outcome == 1 ? [0, 1, 2, 4] : [4, 3, 2, 1]) // furthest open stage
        var path = Array(Self.openStages.prefix(reached + 1))
        if outcome == 1 { path.append(.closedWon) }
        if outcome == 2 { path.append(.closedLost) }

        // Stage changes are spread between creation and (at most) today.
        let span = anchor.timeIntervalSince(createdAt)
        var offsets = (1..<path.count).map { _ in dealRandom.unit() * span * 0.9 }
        offsets.sort()
        var history = [SeedStageChange(stage: path[0], at: createdAt)]
        for (i, offset) in offsets.enumerated() {
            history.append(SeedStageChange(stage: path[i + 1], at: createdAt.addingTimeInterval(offset.rounded())))
        }
        let last = history[history.count - 1].at
        let modifiedAt = min(anchor.addingTimeInterval(-60), last.addingTimeInterval((dealRandom.unit() * Self.day * 20).rounded()))
        let stage = path[path.count - 1]
        let closeDate: Date = stage.isClosed ? last : anchor.addingTimeInterval(Self.day * Double(dealRandom.int(in: 7...150)))

        var overrides: [SeedCRM: Decimal] = [:]
        if presence.count > 1, presenceRandom.chance(0.08) {
            let crm = presenceRandom.pick(SeedCRM.allCases.filter { presence.contains($0) })
            overrides[crm] = Decimal(((raw * (0.85 + presenceRandom.unit() * 0.3)) / 100).rounded() * 100)
        }
        return SeedDeal(
            key: "dl-" + Self.padded(index, 6),
            name: "\(company.name) - \(dealRandom.pick(SeedVocabulary.dealProducts))",
            amount: amount, currency: currency, stage: stage, probability: Self.probability(stage),
            closeDate: Self.isoDay(closeDate), createdAt: createdAt, modifiedAt: modifiedAt,
            ownerEmail: owner.email, companyKey: company.key, contactKeys: contactKeys,
            history: history, presence: presence, amountOverrides: overrides)
    }

    /// `yyyy-MM-dd` in UTC by Hinnant's days-to-civil algorithm: `Calendar` and
    /// `String(format:)` dominate generation time at 100,000 deals.
    static func isoDay(_ date: Date) -> String {
        let days = Int((date.timeIntervalSince1970 / day).rounded(.down)) + 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return "\(padded(y, 4))-\(padded(m, 2))-\(padded(d, 2))"
    }

    static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
