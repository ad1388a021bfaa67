#!/usr/bin/env bash
# Checks the licences and development statuses of our addons against those of
# every addon they depend on (manifestoo check-licenses and check-dev-status,
# see check_manifests in lib.sh). Run by pre-commit and by run_tests.sh.
set -uo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
check_manifests
