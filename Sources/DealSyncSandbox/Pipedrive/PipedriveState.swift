import Foundation

/// Everything one emulated Pipedrive company holds. It is a value type kept inside the
/// emulator's `Mutex`, so every request sees and changes it atomically; no I/O happens while
/// it is held (webhook deliveries are collected and sent after the lock is released).
struct PipedriveState: Sendable {
    var company: PipedriveCompany
    var catalog: PipedriveFieldCatalog
    var auth: PipedriveAuth
    var limiter: PipedriveRateLimiter
    var tables: [PipedriveEntity: PipedriveTable]
    var webhooks: PipedriveWebhookRegistry
    var activityTable = PipedriveTable()

    func table(_ entity: PipedriveEntity) -> PipedriveTable { tables[entity] ?? PipedriveTable() }

    func record(_ entity: PipedriveEntity, _ id: Int) -> PipedriveRecord? { tables[entity]?[id] }

    /// A live (not deleted) record, or the API's 404.
    func live(_ entity: PipedriveEntity, _ id: Int) throws(PipedriveAPIError) -> PipedriveRecord {
        guard let record = record(entity, id), !record.isDeleted else { throw .notFound(entity) }
        return record
    }

    mutating func put(_ entity: PipedriveEntity, _ record: PipedriveRecord) {
        tables[entity, default: PipedriveTable()].put(record)
    }

    mutating func allocateID(_ entity: PipedriveEntity) -> Int {
        tables[entity, default: PipedriveTable()].allocateID()
    }
}

/// The standard fields each object shows in API v2, in Pipedrive's order; stored records hold
/// the same keys (timestamps as epoch seconds).
enum PipedriveSchema {
    static func v2Keys(_ entity: PipedriveEntity) -> [String] {
        switch entity {
        case .deal:
            ["title", "creator_user_id", "owner_id", "value", "person_id", "org_id", "stage_id", "pipeline_id", "currency",
             "archive_time", "stage_change_time", "status", "is_archived", "probability", "lost_reason", "visible_to",
             "close_time", "won_time", "lost_time", "expected_close_date", "label_ids", "origin", "origin_id", "channel",
             "channel_id", "source_lead_id", "acv", "arr", "mrr"]
        case .person:
            ["name", "first_name", "last_name", "owner_id", "org_id", "emails", "phones", "visible_to", "label_ids",
             "picture_id", "notes", "im", "birthday", "job_title", "postal_address"]
        case .organization:
            ["name", "owner_id", "address", "visible_to", "label_ids", "website", "linkedin", "industry", "annual_revenue",
             "employee_count"]
        }
    }

    /// Optional deal fields a v2 caller can ask for with `include_fields`.
    static let dealIncludeFields: Set<String> = [
        "next_activity_id", "last_activity_id", "first_won_time", "products_count", "files_count", "notes_count",
        "followers_count", "email_messages_count", "activities_count", "done_activities_count",
        "undone_activities_count", "participants_count", "last_incoming_mail_time", "last_outgoing_mail_time",
        "smart_bcc_email", "source_lead_id",
    ]
    static let personIncludeFields: Set<String> = [
        "next_activity_id", "last_activity_id", "open_deals_count", "related_open_deals_count", "closed_deals_count",
        "related_closed_deals_count", "participant_open_deals_count", "participant_closed_deals_count",
        "email_messages_count", "activities_count", "done_activities_count", "undone_activities_count", "files_count",
        "notes_count", "followers_count", "won_deals_count", "related_won_deals_count", "lost_deals_count",
        "related_lost_deals_count", "last_incoming_mail_time", "last_outgoing_mail_time", "marketing_status",
        "doi_status", "smart_bcc_email",
    ]
    static let organizationIncludeFields: Set<String> = [
        "next_activity_id", "last_activity_id", "open_deals_count", "related_open_deals_count", "closed_deals_count",
        "related_closed_deals_count", "email_messages_count", "people_count", "activities_count",
        "done_activities_count", "undone_activities_count", "files_count", "notes_count", "followers_count",
        "won_deals_count", "related_won_deals_count", "lost_deals_count", "related_lost_deals_count",
        "last_incoming_mail_time", "last_outgoing_mail_time", "smart_bcc_email",
    ]

    static func includeFields(_ entity: PipedriveEntity) -> Set<String> {
        switch entity {
        case .deal: dealIncludeFields
        case .person: personIncludeFields
        case .organization: organizationIncludeFields
        }
    }
}
