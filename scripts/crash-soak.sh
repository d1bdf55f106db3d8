#!/usr/bin/env bash
# The long crash-safety run: 100 SIGKILLs of dealsyncd during a backfill (about 10 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build
DEALSYNC_CRASH_KILLS="${1:-100}" swift test --filter CrashSafetyTests
