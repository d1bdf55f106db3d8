import DealSyncCore

/// A store failure the caller can act on. Codes are opaque strings so new ones need no new cases;
/// SQLite's own errors pass through as GRDB's `DatabaseError`.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// Another record already holds this (source, external id), or this record already has a
    /// different link to the source.
    public static let linkTakenCode = "store.link_taken"
    /// A row the operation needs does not exist in this org.
    public static let notFoundCode = "store.not_found"
    /// A stored value could not be decoded (a corrupt or foreign row).
    public static let corruptCode = "store.corrupt"
    /// The org id is reserved or malformed.
    public static let invalidOrgCode = "store.invalid_org"

    static func linkTaken(_ message: String) -> StoreError { StoreError(code: linkTakenCode, message: message) }
    static func notFound(_ message: String) -> StoreError { StoreError(code: notFoundCode, message: message) }
    static func corrupt(_ message: String) -> StoreError { StoreError(code: corruptCode, message: message) }

    public var description: String { "\(code): \(message)" }
}
