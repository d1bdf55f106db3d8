#!/usr/bin/env bash
# The long crash-safety run: 100 SIGKILLs of dealsyncd during a backfill with concurrent edits
# (about 5 minutes). The suite runs the short version (4 kills) by default.
# Usage: scripts/crash-soak.sh [KILLS]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product dealsyncd
swift build --product dealsyncctl
DEALSYNC_CRASH_KILLS="${1:-100}" swift test --filter CrashSafetyTests
