#!/usr/bin/env bash
# The typed Python client (clients/python, issue 14): regenerated from openapi.yaml with the
# pinned generator and compared with the committed one (it never drifts from the contract),
# then installed and driven against a real server by clients/tests (SQLite, the built binary
# target/debug/custodia or CUSTODIA_BIN).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CLIENTS_VENV=${CLIENTS_VENV:-$(pwd -P)/target/clients-venv}

bash clients/generate.sh --check
# Installed from a copy: a setuptools build leaves build/ and *.egg-info beside the sources,
# which the drift check would then find.
TMP=$(mktemp -d /tmp/custodia-pyclient.XXXXXX)
trap 'rm -rf -- "$TMP"' EXIT
cp -r clients/python "$TMP/custodia-client"
"$CLIENTS_VENV/bin/pip" install --quiet --disable-pip-version-check --no-input "$TMP/custodia-client"
"$CLIENTS_VENV/bin/python" -m unittest discover -s clients/tests -v
