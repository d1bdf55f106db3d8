import Crypto
import DealSyncCore
import Foundation

/// A secret (a rotated refresh token) kept on disk encrypted with AES-GCM under a key that
/// lives elsewhere (a systemd credential or key file), so a copy of the state directory alone
/// reveals nothing.
public struct SealedSecretFile: Sendable {
    public let path: String
    let key: SymmetricKey

    public init(path: String, key: SymmetricKey) {
        self.path = path
        self.key = key
    }

    /// A file sealed under the key held in `keyFile` (see `loadKey`).
    public init(path: String, keyFile: String) throws {
        self.init(path: path, key: try Self.loadKey(from: keyFile))
    }

    /// Reads a 256-bit key from a file holding 32 raw bytes, or 64 hex / 44 base64 characters.
    public static func loadKey(from keyPath: String) throws -> SymmetricKey {
        guard let raw = FileManager.default.contents(atPath: keyPath) else {
            throw SyncError(.auth, code: "secrets.key_unreadable", message: "cannot read key file \(keyPath)")
        }
        if raw.count == 32 { return SymmetricKey(data: raw) }
        let text = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count == 64, let bytes = hexBytes(text) { return SymmetricKey(data: bytes) }
        if let bytes = Data(base64Encoded: text), bytes.count == 32 { return SymmetricKey(data: bytes) }
        throw SyncError(.validation, code: "secrets.key_invalid",
                        message: "key file \(keyPath) must hold 32 bytes (raw, hex or base64)")
    }

    public func read() throws -> String? {
        guard let sealed = FileManager.default.contents(atPath: path) else { return nil }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
        } catch {
            throw SyncError(.auth, code: "secrets.unseal_failed",
                            message: "\(path) cannot be decrypted with the configured key")
        }
    }

    /// Writes atomically (temp file + rename) with mode 0600.
    public func write(_ secret: String) throws {
        guard let combined = try AES.GCM.seal(Data(secret.utf8), using: key).combined else {
            throw SyncError(.retryable, code: "secrets.seal_failed", message: "AES-GCM produced no combined box")
        }
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let tmp = path + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: combined, attributes: [.posixPermissions: 0o600]) else {
            throw SyncError(.retryable, code: "secrets.write_failed", message: "cannot write \(tmp)")
        }
        if rename(tmp, path) != 0 {
            throw SyncError(.retryable, code: "secrets.write_failed", message: "cannot rename \(tmp) to \(path)")
        }
    }

    /// A short one-way digest of a secret (SHA-256, hex), to tell whether it changed without keeping it.
    public static func fingerprint(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    private static func hexBytes(_ text: String) -> Data? {
        var out = Data()
        var chars = text.makeIterator()
        while let hi = chars.next(), let lo = chars.next() {
            guard let byte = UInt8(String([hi, lo]), radix: 16) else { return nil }
            out.append(byte)
        }
        return out
    }
}
