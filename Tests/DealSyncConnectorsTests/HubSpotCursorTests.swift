import Testing
@testable import DealSyncConnectors

@Suite struct HubSpotCursorTests {
    @Test func pagesWithinTheCapMoveTheOffset() {
        let next = HubSpotCursor.start.advanced(count: 200, pageLimit: 200, hasMore: true, lastStamp: 50, lastID: 9)
        #expect(next == HubSpotCursor(since: 0, offset: 200, tieAfterID: nil))
    }

    @Test func nearingTheTenThousandCapRebasesOnTheLastStamp() {
        let cursor = HubSpotCursor(since: 10, offset: 9_800, tieAfterID: nil)
        let next = cursor.advanced(count: 200, pageLimit: 200, hasMore: true, lastStamp: 777, lastID: 3)
        #expect(next == HubSpotCursor(since: 777, offset: 0, tieAfterID: nil))
    }

    @Test func tenThousandRecordsInOneMillisecondAreDrainedByIDWithoutLooping() {
        let cursor = HubSpotCursor(since: 777, offset: 9_800, tieAfterID: nil)
        let tie = cursor.advanced(count: 200, pageLimit: 200, hasMore: true, lastStamp: 777, lastID: 3)
        #expect(tie == HubSpotCursor(since: 777, offset: 0, tieAfterID: 0))
        let walking = tie.advanced(count: 200, pageLimit: 200, hasMore: true, lastStamp: 777, lastID: 4_000)
        #expect(walking.tieAfterID == 4_000)
        let done = walking.advanced(count: 10, pageLimit: 200, hasMore: false, lastStamp: 777, lastID: 4_010)
        #expect(done == HubSpotCursor(since: 778, offset: 0, tieAfterID: nil))
    }

    @Test func aDrainedFeedResumesAtItsLastStamp() {
        let next = HubSpotCursor(since: 5, offset: 400, tieAfterID: nil)
            .advanced(count: 3, pageLimit: 200, hasMore: false, lastStamp: 90, lastID: 1)
        #expect(next == HubSpotCursor(since: 90, offset: 0, tieAfterID: nil))
        #expect(HubSpotCursor.decode(next.encoded) == next)
        #expect(HubSpotCursor.decode("garbage") == .start)
    }
}
