#!/usr/bin/env bash
# Edit-to-visible latency (median, p95) with webhooks and with polling only, and API calls per
# synced change, against the sandbox (about 5 minutes). Prints one "latency ..." line per mode.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build
DEALSYNC_MEASURE_LATENCY=1 DEALSYNC_MEASURE_SAMPLES="${1:-20}" swift test --filter SyncLatencyMeasurement 2>&1 | grep -E "^latency|passed|failed"
