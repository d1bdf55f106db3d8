#!/bin/sh
# Builds tools/bench/main.swift with -O against the DealSyncCore and DealSyncHooks sources
# (as one module: no package build, no release build of the dependencies) and prints the
# output path. Usage: tools/bench_scoring.sh [OUT]; then OUT MODEL.json ROWS.csv
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/dealsync-scoring-bench}
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
for f in $(find "$root/Sources/DealSyncCore" "$root/Sources/DealSyncHooks" -name '*.swift'); do
    sed '/^import DealSyncCore$/d' "$f" > "$src/$(basename "$(dirname "$f")")-$(basename "$f")"
done
cp "$root/tools/bench/main.swift" "$src/main.swift"
swiftc -O -wmo -swift-version 6 -module-name DealSyncBench "$src"/*.swift -o "$out"
echo "$out"
