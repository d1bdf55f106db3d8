// The command types name orgs, sources and record kinds with Core's types; re-exporting them
// lets `dealsyncctl` import DealSyncControl alone.
@_exported import struct DealSyncCore.OrgID
@_exported import struct DealSyncCore.SourceID
@_exported import enum DealSyncCore.RecordKind
