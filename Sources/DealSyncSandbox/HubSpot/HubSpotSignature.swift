import Crypto
import Foundation

/// Webhook request signatures. v3: base64(HMAC-SHA256(client secret, method + uri + body +
/// timestamp)), where `uri` is the URL as called and `timestamp` the
/// `X-HubSpot-Request-Timestamp` header (epoch ms). v1 (still sent beside v3): hex SHA-256 of
/// client secret + body.
public enum HubSpotSignature {
    public static func v3(secret: String, method: String, uri: String, body: Data, timestamp: String) -> String {
        var message = Data((method + uri).utf8)
        message.append(body)
        message.append(Data(timestamp.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).base64EncodedString()
    }

    public static func v1(secret: String, body: Data) -> String {
        var message = Data(secret.utf8)
        message.append(body)
        return SHA256.hash(data: message).map { String(format: "%02x", $0) }.joined()
    }
}
