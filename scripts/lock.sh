#!/usr/bin/env bash
# Re-pin: requirements.lock = what the services need (from pyproject's dependencies);
# requirements-test.lock = the test and lint tools on top. Run after changing pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/runtime" && "$tmp/runtime/bin/pip" install -q .
python3 -m venv "$tmp/all" && "$tmp/all/bin/pip" install -q ".[test]"
{ echo "# Runtime dependencies, pinned (what the services need). scripts/lock.sh re-pins."
  "$tmp/runtime/bin/pip" freeze --exclude-editable | grep -v '^care-dps' | sort -f; } > requirements.lock
{ echo "# Test and lint tools, pinned, on top of requirements.lock."
  "$tmp/all/bin/pip" freeze --exclude-editable | grep -v '^care-dps' | sort -f \
    | grep -vxFf <(grep -v '^#' requirements.lock); } > requirements-test.lock
