import DealSyncCore
import DealSyncSync
import Foundation

/// The shipped `mappings/` directory, with one owner and one linked company known.
enum MappingFixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("mappings").path

    static let owner = "ana.lopez@sellerco.example"
    static let company = RecordID("0190f5c2-7a3b-7cde-8f01-23456789abcd")!

    static let owners = OwnerMap([
        OwnerMap.Owner(key: owner, ids: [.salesforce: "005000000000001AAA", .hubspot: "90001", .pipedrive: "2"]),
    ])

    static var links: LinkTable {
        var t = LinkTable()
        t.link(company, kind: .company, crm: .salesforce, externalID: "001000000000001AAA")
        t.link(company, kind: .company, crm: .pipedrive, externalID: "17")
        t.link(company, kind: .company, crm: .hubspot, externalID: "9001")
        return t
    }

    static func shipped() throws -> MappingSet {
        try MappingSet.load(directory: directory).withOwners(owners)
    }

    /// Writes `files` into a fresh temporary directory and returns its path.
    static func directory(with files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mappings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir.path
    }
}
