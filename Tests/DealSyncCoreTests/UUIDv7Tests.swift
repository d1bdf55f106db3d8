import DealSyncCore
import Foundation
import Testing

@Suite struct UUIDv7Tests {
    @Test(arguments: Array(UInt64(1)...100)) func versionAndVariantBits(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let ms = UInt64.random(in: 0...(1 << 48 - 1), using: &rng)
        let u = UUIDv7.make(milliseconds: ms, using: &rng).uuid
        #expect(u.6 >> 4 == 0x7, "version nibble is 7")
        #expect(u.8 >> 6 == 0b10, "RFC 9562 variant")
        #expect(UUIDv7.milliseconds(of: UUID(uuid: u)) == ms)
    }

    @Test func idsSortByCreationTime() {
        var rng = SplitMix64(seed: 42)
        let times: [UInt64] = (0..<200).map { _ in UInt64.random(in: 1_600_000_000_000...1_900_000_000_000, using: &rng) }
        let ids = times.map { RecordID(uuid: UUIDv7.make(milliseconds: $0, using: &rng)) }
        let byId = zip(ids, times).sorted { $0.0 < $1.0 }.map(\.1)
        #expect(byId == byId.sorted())
    }

    @Test func recordIdsRoundTripAsLowercaseStrings() throws {
        let id = RecordID.make(at: Date(timeIntervalSince1970: 1_750_000_000))
        #expect(id.description == id.description.lowercased())
        #expect(RecordID(id.description) == id)
        #expect(UUIDv7.milliseconds(of: id.uuid) == 1_750_000_000_000)
        let json = try JSONEncoder().encode(id)
        #expect(try JSONDecoder().decode(RecordID.self, from: json) == id)
    }

    @Test func otherVersionsCarryNoTime() {
        #expect(UUIDv7.milliseconds(of: UUID(uuidString: "123e4567-e89b-42d3-a456-426614174000")!) == nil)
    }
}
