#!/usr/bin/env bash
# The whole test suite: Swift unit and end-to-end tests, then the Python conformance tests that
# drive the sandbox with third-party clients written for the real APIs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/pytest ] || [ conformance/requirements.txt -nt .venv/.installed ]; then
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check -r conformance/requirements.txt
    touch .venv/.installed
fi

# End-to-end tests launch the built executables, so build them all first.
swift build
# Unit and component tests in parallel; then the real daemon's end-to-end suites one at a time,
# so that their timing is not at the mercy of everything else running beside them.
swift test --skip DealSyncEndToEndTests
swift test --filter DealSyncEndToEndTests --no-parallel
.venv/bin/pytest -q conformance
