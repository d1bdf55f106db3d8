// The whole command line is in DealsyncdCommand.swift; the work is in DealSyncDaemon.
await DealsyncdCommand.start()
