import DealSyncConnectors
import DealSyncCore
import Foundation
import Logging

/// Refresh tokens an OAuth provider rotated, kept across restarts: one file per source,
/// `state_dir/secrets/ORG/SOURCE.refresh`, sealed with AES-GCM under the `secrets_key`. Once a
/// provider has rotated the configured token it may stop working, so the stored one wins at
/// start, unless an admin has since put a different token in the credentials (re-authorized):
/// the file remembers a fingerprint of the configured token it replaced. Without a key a rotated
/// token lives in memory only.
struct RefreshTokenVault: Sendable {
    let stateDir: String
    let keyFile: String?
    let logger: Logger

    func file(org: OrgID, source: SourceID) throws -> SealedSecretFile? {
        guard let keyFile else { return nil }
        return try SealedSecretFile(path: "\(stateDir)/secrets/\(org.rawValue)/\(source.rawValue).refresh", keyFile: keyFile)
    }

    /// The refresh token to start with: the one a previous run rotated to, or `configured`.
    /// A file that cannot be read (another key, damage) is reported and `configured` is used.
    func startingToken(org: OrgID, source: SourceID, configured: String) -> String {
        do {
            guard let sealed = try file(org: org, source: source)?.read() else { return configured }
            let parts = sealed.split(separator: "\n", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == SealedSecretFile.fingerprint(configured) else { return configured }
            return parts[1]
        } catch {
            logger.error("stored refresh token unreadable; using the configured one", metadata: [
                "org.id": "\(org)", "source.id": "\(source)", "error": "\((error as? SyncError)?.message ?? "\(error)")",
            ])
            return configured
        }
    }

    /// Seals a rotated token before it is used, so a crash right after cannot lose it.
    func persist(org: OrgID, source: SourceID, configured: String) -> OAuthTokenSource.Persist {
        let vault = self
        let fingerprint = SealedSecretFile.fingerprint(configured)
        return { token in
            guard let file = try vault.file(org: org, source: source) else {
                vault.logger.warning("refresh token rotated but no secrets_key is set; the new one lasts until restart",
                                     metadata: ["org.id": "\(org)", "source.id": "\(source)"])
                return
            }
            try file.write(fingerprint + "\n" + token)
        }
    }
}
