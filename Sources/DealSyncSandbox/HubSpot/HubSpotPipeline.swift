/// The deal pipeline a new portal starts with: HubSpot's `default` "Sales Pipeline".
struct HubSpotPipeline: Sendable {
    struct Stage: Sendable {
        var id: String
        var label: String
        var probability: Double
        var isClosed: Bool { probability == 0 || probability == 1 }
    }

    let id = "default"
    let label = "Sales Pipeline"
    let stages: [Stage] = [
        Stage(id: "appointmentscheduled", label: "Appointment Scheduled", probability: 0.2),
        Stage(id: "qualifiedtobuy", label: "Qualified To Buy", probability: 0.4),
        Stage(id: "presentationscheduled", label: "Presentation Scheduled", probability: 0.6),
        Stage(id: "decisionmakerboughtin", label: "Decision Maker Bought-In", probability: 0.8),
        Stage(id: "contractsent", label: "Contract Sent", probability: 0.9),
        Stage(id: "closedwon", label: "Closed Won", probability: 1.0),
        Stage(id: "closedlost", label: "Closed Lost", probability: 0.0),
    ]

    func stage(_ id: String) -> Stage? { stages.first { $0.id == id } }

    static func stageId(for seed: SeedStage) -> String {
        switch seed {
        case .prospecting: "appointmentscheduled"
        case .qualification: "qualifiedtobuy"
        case .proposal: "presentationscheduled"
        case .negotiation: "contractsent"
        case .closedWon: "closedwon"
        case .closedLost: "closedlost"
        }
    }

    /// `GET /crm/v3/pipelines/deals` shape; stage metadata values are strings on the wire.
    func json(createdAt: String) -> JSONValue {
        .object([
            "id": .string(id), "label": .string(label), "displayOrder": 0, "archived": false,
            "createdAt": .string(createdAt), "updatedAt": .string(createdAt),
            "stages": .array(stages.enumerated().map { i, s in
                [
                    "id": .string(s.id), "label": .string(s.label), "displayOrder": .number(Double(i)), "archived": false,
                    "createdAt": .string(createdAt), "updatedAt": .string(createdAt), "writePermissions": "CRM_PERMISSIONS_ENFORCEMENT",
                    "metadata": ["isClosed": .string(s.isClosed ? "true" : "false"), "probability": .string(String(s.probability))],
                ]
            }),
        ])
    }
}
