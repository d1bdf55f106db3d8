import DealSyncSync
import Foundation

/// The mappings used when the config names no `mappings_dir`: the packaged defaults in
/// `/etc/dealsync/mappings` (or `/usr/share/dealsync/mappings`), else the `mappings/` folder of
/// the working directory or of the source checkout the binary was built from (the demo).
enum ShippedMappings {
    static func load() throws -> MappingSet {
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("mappings").path
        let candidates = ["/etc/dealsync/mappings", "/usr/share/dealsync/mappings",
                          FileManager.default.currentDirectoryPath + "/mappings", checkout]
        guard let directory = candidates.first(where: { FileManager.default.fileExists(atPath: $0 + "/deal.yaml") }) else {
            throw ShippedMappingsMissing(searched: candidates)
        }
        return try MappingSet.load(directory: directory)
    }
}

struct ShippedMappingsMissing: Error, CustomStringConvertible {
    let searched: [String]
    var description: String { "no mappings_dir configured and no mappings found in \(searched.joined(separator: ", "))" }
}
