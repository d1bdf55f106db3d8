import DealSyncConnectors
import DealSyncCore
import Foundation

extension ConfigParse {
    /// `secrets_key: {file: PATH}` or `{systemd: NAME}`: the key that seals rotated refresh tokens.
    /// Not `env`: a key in the environment leaks into every child process and core dump. The key
    /// is read here, so a missing or malformed one stops the daemon at start (exit 78).
    mutating func secretsKey(_ field: YAMLField) -> String? {
        guard let reference = credentialReference(field) else { return nil }
        let path: String
        switch reference {
        case .file(let file): path = file
        case .systemd(let name):
            guard let dir = environment.credentialsDirectory, !dir.isEmpty else {
                reader.fail(field, "CREDENTIALS_DIRECTORY is not set (add LoadCredential=\(name):PATH to the unit)")
                return nil
            }
            path = (dir as NSString).appendingPathComponent(name)
        case .env:
            reader.fail(field, "the secrets key is read from a file or a systemd credential, not the environment")
            return nil
        }
        do {
            _ = try SealedSecretFile.loadKey(from: path)
        } catch {
            reader.fail(field, (error as? SyncError)?.message ?? "\(error)")
            return nil
        }
        return path
    }
}
