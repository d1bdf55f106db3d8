import Foundation
import Testing
@testable import DealSyncSandbox

@Suite struct PipedriveJSONWriterTests {
    @Test func writesTheSameBytesAsJSONValueEncoded() async {
        let tricky: JSONValue = ["quote\"slash/back\\": "line\nbreak\ttab\u{01}é😀", "n": [0, -3, 1.5, 1e-7, 123456789012, 2e20],
                                 "b": [true, false, .null], "empty": [:], "list": [], "Zed": 1, "alpha": ["z": 1, "a": 2]]
        #expect(PipedriveJSONWriter.encode(tricky) == tricky.encoded())
        let h = PipedriveHarness()
        let page = await h.send("GET", "/api/v2/deals")
        #expect(page.response.body == page.json.encoded())
        let v1 = await h.send("GET", "/v1/deals")
        #expect(v1.response.body == v1.json.encoded())
    }
}
