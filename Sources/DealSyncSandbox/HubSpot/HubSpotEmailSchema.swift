/// The email engagement object (`0-49`): HubSpot's standard `hs_email_*` properties and the
/// `dealsync_id` property an admin adds for DealSync. HubSpot allows unique-value properties only
/// on contacts, companies, deals, tickets and custom objects, so `dealsync_id` is a plain text
/// property here: an upsert by it is refused and a client finds its emails by search.
extension HubSpotSchema {
    static func emailProperties() -> [HubSpotProperty] {
        let group = "email"
        func p(_ name: String, _ label: String, _ type: HubSpotProperty.Kind, _ field: String,
               options: [(String, String)] = [], readOnly: Bool = false, custom: Bool = false) -> HubSpotProperty {
            HubSpotProperty(name: name, label: label, type: type, fieldType: field, groupName: group,
                            options: options.map { ($0.0, $0.1) }, hasUniqueValue: false, readOnlyValue: readOnly,
                            calculated: false, hubspotDefined: !custom)
        }
        return [
            p("hs_object_id", "Record ID", .number, "number", readOnly: true),
            p("createdate", "Create Date", .datetime, "date"),
            p("hs_lastmodifieddate", "Last Modified Date", .datetime, "date", readOnly: true),
            p("hubspot_owner_id", "Activity assigned to", .enumeration, "select"),
            p("hs_timestamp", "Activity date", .datetime, "date"),
            p("hs_email_subject", "Email subject", .string, "text"),
            p("hs_email_text", "Email body", .string, "textarea"),
            p("hs_email_html", "Email HTML body", .string, "html"),
            p("hs_email_headers", "Email headers", .string, "textarea"),
            p("hs_email_direction", "Email direction", .enumeration, "select",
              options: [("EMAIL", "Outgoing email"), ("INCOMING_EMAIL", "Incoming email"), ("FORWARDED_EMAIL", "Forwarded email")]),
            p("hs_email_status", "Email send status", .enumeration, "select",
              options: [("BOUNCED", "Bounced"), ("FAILED", "Failed"), ("SCHEDULED", "Scheduled"), ("SENDING", "Sending"), ("SENT", "Sent")]),
            p("hs_attachment_ids", "Attached file IDs", .string, "text"),
            p("dealsync_id", "DealSync ID", .string, "text", custom: true),
        ]
    }
}

extension HubSpotState {
    /// Engagements need their activity date: HubSpot answers a create without `hs_timestamp`
    /// with a validation error.
    static func missingRequired(_ type: HubSpotObjectType, _ values: [String: String]) -> HubSpotError? {
        guard type == .emails, (values["hs_timestamp"] ?? "").isEmpty else { return nil }
        return .validation("Property values were not valid: [{\"isValid\":false,\"message\":\"hs_timestamp is required\",\"error\":\"REQUIRED_FIELD\",\"name\":\"hs_timestamp\"}]",
                           errors: [["message": "hs_timestamp is required", "code": "REQUIRED_FIELD",
                                     "context": ["propertyName": ["hs_timestamp"]]]])
    }
}
