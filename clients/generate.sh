#!/usr/bin/env bash
# Generates the typed Python client in clients/python from openapi.yaml.
#
#   clients/generate.sh           regenerate clients/python (commit the result)
#   clients/generate.sh --check   regenerate into a temp dir and fail if clients/python differs
#
# Uses a virtualenv with clients/requirements.txt (the pinned generator): CLIENTS_VENV names an
# existing one, else one is made in target/clients-venv. The spec is first passed through
# clients/simplify_spec.py (constructions the generator cannot read; see there).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd -P)
VENV=${CLIENTS_VENV:-$ROOT/target/clients-venv}
if [[ ! -x "$VENV/bin/openapi-python-client" ]]; then
    echo "Installing clients/requirements.txt into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-input \
        -r "$ROOT/clients/requirements.txt"
fi

TMP=$(mktemp -d /tmp/custodia-client.XXXXXX)
trap 'rm -rf -- "$TMP"' EXIT

"$VENV/bin/python" "$ROOT/clients/simplify_spec.py" "$ROOT/openapi.yaml" "$TMP/openapi.json"
# The generator runs its post hooks (ruff) from PATH. A fixed hash seed: it writes some enum
# values in the order of a Python set.
(cd "$TMP" && PATH="$VENV/bin:$PATH" PYTHONHASHSEED=0 "$VENV/bin/openapi-python-client" generate \
    --path "$TMP/openapi.json" --meta setup --config "$ROOT/clients/generator.yaml" \
    --output-path "$TMP/custodia-client" >"$TMP/generate.log" 2>&1) || {
    cat "$TMP/generate.log" >&2
    echo "generate.sh: the generator failed" >&2
    exit 1
}
# A warning means part of the contract is missing from the client: refuse it.
if grep -q -E "^WARNING|Unable to process" "$TMP/generate.log"; then
    cat "$TMP/generate.log" >&2
    echo "generate.sh: the generator left parts of openapi.yaml out (above)" >&2
    exit 1
fi

if [[ "${1:-}" == "--check" ]]; then
    if ! diff -r -u "$ROOT/clients/python" "$TMP/custodia-client" >"$TMP/drift.diff"; then
        head -n 200 "$TMP/drift.diff"
        echo "clients/python is not what openapi.yaml generates: run clients/generate.sh and commit" >&2
        exit 1
    fi
    echo "clients/python matches openapi.yaml"
else
    rm -rf -- "$ROOT/clients/python"
    cp -r "$TMP/custodia-client" "$ROOT/clients/python"
    echo "clients/python regenerated from openapi.yaml"
fi
