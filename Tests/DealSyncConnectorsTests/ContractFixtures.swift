import DealSyncCore
import DealSyncSandbox
import Foundation

/// Per-CRM spellings of the same test intentions.
enum ContractFixtures {
    static func readFields(_ kind: CRMKind) -> [String] {
        switch kind {
        case .salesforce: ["Name", "Amount", "StageName", "CloseDate"]
        case .hubspot: ["dealname", "amount", "dealstage", "closedate"]
        case .pipedrive: ["title", "value", "stage_id"]
        }
    }

    static func newDeal(_ kind: CRMKind) -> [String: RemoteValue] {
        switch kind {
        case .salesforce: ["Name": .string("Contract deal"), "StageName": .string("Prospecting"), "CloseDate": .string("2026-12-31")]
        case .hubspot: ["dealname": .string("Contract deal"), "dealstage": .string("appointmentscheduled"),
                        "pipeline": .string("default"), "amount": .string("100")]
        case .pipedrive: ["title": .string("Contract deal"), "value": .number(100)]
        }
    }

    static func validUpdate(_ kind: CRMKind) -> [String: RemoteValue] {
        switch kind {
        case .salesforce: ["Amount": .number(1234)]
        case .hubspot: ["amount": .string("1234")]
        case .pipedrive: ["value": .number(1234)]
        }
    }

    static func invalidUpdate(_ kind: CRMKind) -> [String: RemoteValue] {
        switch kind {
        case .salesforce: ["StageName": .string("No Such Stage")]
        case .hubspot: ["no_such_property": .string("x")]
        case .pipedrive: ["stage_id": .string("No Such Stage")]
        }
    }

    static func humanEdit(_ kind: CRMKind, id: String) -> SandboxEdit {
        switch kind {
        case .salesforce: SandboxEdit(object: "Opportunity", id: id, fields: ["Amount": 777])
        case .hubspot: SandboxEdit(object: "deals", id: id, fields: ["amount": "777"])
        case .pipedrive: SandboxEdit(object: "deal", id: id, fields: ["value": 777])
        }
    }
}
