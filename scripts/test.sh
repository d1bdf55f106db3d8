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
# One test at a time: on a 2-core machine parallel suites starve each other's timers, and the
# end-to-end suites run the real daemon, whose timing must not depend on its neighbours.
swift test --no-parallel
.venv/bin/pytest -q conformance
