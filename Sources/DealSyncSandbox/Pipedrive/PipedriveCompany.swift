import Foundation

struct PipedriveUser: Sendable, Hashable {
    var id: Int
    var name: String
    var email: String
    var isAdmin: Bool
}

struct PipedrivePipeline: Sendable, Hashable {
    var id: Int
    var name: String
    var orderNr: Int
}

struct PipedriveStage: Sendable, Hashable {
    var id: Int
    var name: String
    var pipelineID: Int
    var orderNr: Int
    var probability: Int
}

/// The sandbox company's account-level setup: users (the integration user that owns the API
/// token, then one per seeded owner), the default pipeline and its stages. Won and lost are deal
/// statuses in Pipedrive, not stages.
struct PipedriveCompany: Sendable {
    static let companyID = 7_700_001
    static let domain = "dealsync-sandbox"
    static var host: String { "\(domain).pipedrive.com" }
    /// When the admin set the account up; stage and pipeline timestamps.
    static let setupTime = 1_577_836_800  // 2020-01-01T00:00:00Z

    let users: [PipedriveUser]
    let pipelines: [PipedrivePipeline]
    let stages: [PipedriveStage]

    /// The user the API token and OAuth grant belong to: changes made through the API are theirs.
    var integrationUser: PipedriveUser { users[0] }

    init(owners: [SeedOwner]) {
        var users = [PipedriveUser(id: 1, name: "DealSync Integration", email: "integration@dealsync-sandbox.example",
                                   isAdmin: true)]
        for (index, owner) in owners.enumerated() {
            users.append(PipedriveUser(id: 2 + index, name: owner.name, email: owner.email, isAdmin: false))
        }
        self.users = users
        pipelines = [PipedrivePipeline(id: 1, name: "Sales pipeline", orderNr: 1)]
        stages = [
            PipedriveStage(id: 1, name: "Qualified", pipelineID: 1, orderNr: 1, probability: 10),
            PipedriveStage(id: 2, name: "Contact Made", pipelineID: 1, orderNr: 2, probability: 20),
            PipedriveStage(id: 3, name: "Demo Scheduled", pipelineID: 1, orderNr: 3, probability: 40),
            PipedriveStage(id: 4, name: "Proposal Made", pipelineID: 1, orderNr: 4, probability: 60),
            PipedriveStage(id: 5, name: "Negotiations Started", pipelineID: 1, orderNr: 5, probability: 80),
        ]
    }

    func user(_ id: Int) -> PipedriveUser? { users.first { $0.id == id } }
    func user(email: String) -> PipedriveUser? { users.first { $0.email.caseInsensitiveCompare(email) == .orderedSame } }
    func stage(_ id: Int) -> PipedriveStage? { stages.first { $0.id == id } }
    func pipeline(_ id: Int) -> PipedrivePipeline? { pipelines.first { $0.id == id } }
    func firstStage(inPipeline id: Int) -> PipedriveStage? {
        stages.filter { $0.pipelineID == id }.min { $0.orderNr < $1.orderNr }
    }

    /// The stage a seeded canonical stage lands in; closed deals keep the stage they closed from.
    func stageID(for stage: SeedStage) -> Int {
        switch stage {
        case .prospecting: 1
        case .qualification: 2
        case .proposal: 4
        case .negotiation, .closedWon, .closedLost: 5
        }
    }

    // MARK: wire forms

    func v2Stage(_ s: PipedriveStage) -> JSONValue {
        ["id": .number(Double(s.id)), "order_nr": .number(Double(s.orderNr)), "name": .string(s.name), "is_deleted": false,
         "deal_probability": .number(Double(s.probability)), "pipeline_id": .number(Double(s.pipelineID)),
         "is_deal_rot_enabled": false, "days_to_rotten": .null,
         "add_time": .string(PipedriveTime.rfc3339(Self.setupTime)), "update_time": .string(PipedriveTime.rfc3339(Self.setupTime))]
    }

    func v1Stage(_ s: PipedriveStage) -> JSONValue {
        ["id": .number(Double(s.id)), "order_nr": .number(Double(s.orderNr)), "name": .string(s.name), "active_flag": true,
         "deal_probability": .number(Double(s.probability)), "pipeline_id": .number(Double(s.pipelineID)),
         "rotten_flag": false, "rotten_days": .null,
         "add_time": .string(PipedriveTime.v1(Self.setupTime)), "update_time": .string(PipedriveTime.v1(Self.setupTime)),
         "pipeline_name": .string(pipeline(s.pipelineID)?.name ?? ""), "pipeline_deal_probability": true]
    }

    func v2Pipeline(_ p: PipedrivePipeline) -> JSONValue {
        ["id": .number(Double(p.id)), "name": .string(p.name), "order_nr": .number(Double(p.orderNr)), "is_deleted": false,
         "is_deal_probability_enabled": true, "add_time": .string(PipedriveTime.rfc3339(Self.setupTime)),
         "update_time": .string(PipedriveTime.rfc3339(Self.setupTime))]
    }

    func v1Pipeline(_ p: PipedrivePipeline) -> JSONValue {
        ["id": .number(Double(p.id)), "name": .string(p.name), "url_title": .string(p.name.replacingOccurrences(of: " ", with: "-")),
         "order_nr": .number(Double(p.orderNr)), "active": true, "deal_probability": true, "selected": .bool(p.id == 1),
         "add_time": .string(PipedriveTime.v1(Self.setupTime)), "update_time": .string(PipedriveTime.v1(Self.setupTime))]
    }

    /// The nested user object v1 puts in `user_id`, `owner_id`, `creator_user_id`.
    func v1UserRef(_ id: Int) -> JSONValue {
        guard let u = user(id) else { return .null }
        return ["id": .number(Double(u.id)), "name": .string(u.name), "email": .string(u.email), "has_pic": 0,
                "pic_hash": .null, "active_flag": true, "value": .number(Double(u.id))]
    }

    func v1User(_ u: PipedriveUser, isYou: Bool) -> JSONValue {
        ["id": .number(Double(u.id)), "name": .string(u.name), "email": .string(u.email), "default_currency": "USD",
         "locale": "en_US", "lang": 1, "phone": .null, "activated": true, "active_flag": true, "is_admin": u.isAdmin ? 1 : 0,
         "role_id": 1, "timezone_name": "UTC", "timezone_offset": "+00:00", "is_you": .bool(isYou), "is_deleted": false,
         "company_id": .number(Double(Self.companyID)), "company_name": "DealSync Sandbox", "company_domain": .string(Self.domain),
         "created": .string(PipedriveTime.v1(Self.setupTime)), "modified": .string(PipedriveTime.v1(Self.setupTime)),
         "last_login": .null, "has_created_company": .bool(u.id == 1), "icon_url": .null]
    }
}
