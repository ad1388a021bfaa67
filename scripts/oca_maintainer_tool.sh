#!/usr/bin/env bash
# Runs one command of OCA's maintainer-tools for pre-commit, e.g.
#   bash scripts/oca_maintainer_tool.sh oca-gen-addon-readme --addons-dir=. ...
# maintainer-tools is not on PyPI (README.md, Development, says how to install it
# from its repository): when the command is not installed, the hook is skipped
# with a notice instead of failing, so that pre-commit passes on machines that
# only reach PyPI and npm.
set -euo pipefail
tool="${1:?usage: oca_maintainer_tool.sh COMMAND [ARGS...]}"
shift
if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is not installed: skipped (OCA's maintainer-tools, not on PyPI; see README.md, Development)"
    exit 0
fi
exec "$tool" "$@"
