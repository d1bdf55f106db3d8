import DealSyncCore
import Foundation
import GRDB

/// The database connection and org a transaction is bound to. Its members are internal to the
/// store: callers see only the org and the transaction time, never the connection.
public struct OrgScope {
    let db: Database
    /// The org every operation of this transaction is confined to.
    public let org: OrgID
    /// The store clock's time when the transaction began; every stamp it writes uses it.
    public let now: Date
}

/// What both read and write transactions offer: the typed read operations.
public protocol OrgReading {
    var scope: OrgScope { get }
}

extension OrgReading {
    public var org: OrgID { scope.org }
    public var now: Date { scope.now }
    var db: Database { scope.db }
}

/// A read-only transaction of one org. Do not let it escape the closure it was handed to.
public struct OrgReadTransaction: OrgReading {
    public let scope: OrgScope
}

/// A write transaction of one org: the read operations plus the typed writes.
/// Do not let it escape the closure it was handed to.
public struct OrgWriteTransaction: OrgReading {
    public let scope: OrgScope
}
