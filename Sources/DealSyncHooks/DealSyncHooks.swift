// DealSyncHooks: see DESIGN.md §3 for what this target holds.
