#!/usr/bin/env bash
# Contract test: checks the running server against openapi.yaml with Schemathesis (see
# .ci/README.md, "Contract phase").
#
#   .ci/schemathesis.sh [sqlite] [postgres]      (default: both engines)
#
# Needs the built binary (target/debug/custodia, or CUSTODIA_BIN) and python3 with venv/pip.
# The postgres engine needs CUSTODIA_TEST_POSTGRES_URL, an admin URL such as
# postgres://custodia@127.0.0.1:55432/postgres whose user may CREATE DATABASE (.ci/run exports
# it); two fresh databases are created on it and dropped afterwards. ST_VENV names an existing
# virtualenv with .ci/schemathesis-requirements.txt installed, to skip the install;
# ST_KEEP_REPORTS names a directory to keep the NDJSON reports and server logs in;
# ST_MAX_EXAMPLES sets the main run's examples per operation and phase.
#
# For each engine: start the server on a free loopback port, wait for /health, seed records
# through the API (.ci/schemathesis/seed.py), mint one token per role, then run Schemathesis
# (config .ci/schemathesis/schemathesis.toml, hooks .ci/schemathesis/hooks.py):
#
#   main        every operation, each with the token of a role it admits, examples, coverage
#               and fuzzing phases;
#   wrong-role  every authenticated operation with a token of a role it does not admit
#               (the documented 403 role-not-allowed);
#   me-unknown, me-erased
#               /v1/me… with a subject token naming nobody (404) and an erased subject (410);
#   oversize    every operation with a body, the body padded past its size limit (413).
#
# Checks, in every run:
#   not_a_server_error            no 5xx, whatever is sent;
#   status_code_conformance       every status code answered is documented for the operation;
#   content_type_conformance      the Content-Type is the documented one for that status;
#   response_headers_conformance  documented required headers are present and match;
#   response_schema_conformance   the body matches the documented schema.
# And in the main run (configured in schemathesis.toml):
#   ignored_auth                  without a token (or with a broken one) the answer is 401;
#   positive_data_acceptance      a request the schema allows is not refused with 400 (410,
#                                 409 and 404 are fine: state, not shape);
#   negative_data_rejection       a request the schema forbids is refused (4xx).
# The last two judge a request by its JSON Schema alone, and a few operations refuse
# schema-valid input for reasons JSON Schema cannot state (expires_at before collected_at, a
# collected_at in the future, a DSR naming a subject the vault does not hold, an event cursor
# it did not issue, segment conditions the purpose may not use), or answer schema-invalid
# items of a batch with 200 and a per-item rejection, as documented. schemathesis.toml turns
# those two checks off for exactly these operations, with the reason; everywhere else the
# schema states what the server accepts, and a disagreement fails the run.
#
# The short runs name their checks on the command line: the five above (a 403, 404, 410 or
# 413 to a schema-valid request is what they are there to provoke).
#
# After the runs of an engine, .ci/schemathesis/statuses.py reads their NDJSON reports and
# fails unless every status code each operation documents was answered at least once (except
# 500, 503 and 429, which a healthy server under a light load never answers) and no
# undocumented one was. The report and the table are printed to the log. Exit code: 0 when
# everything passed on every engine, 1 otherwise. The server is always stopped and the temp
# dir and databases removed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT=$(pwd -P)
ST_DIR="$REPO_ROOT/.ci/schemathesis"
BIN=${CUSTODIA_BIN:-$REPO_ROOT/target/debug/custodia}

# Examples per operation and phase. The main run's budget is per role group; both engines
# together stay within a few minutes on 2 cores.
MAX_EXAMPLES=${ST_MAX_EXAMPLES:-40}

ENGINES=("$@")
if [[ ${#ENGINES[@]} -eq 0 ]]; then
    ENGINES=(sqlite postgres)
fi

TMP=$(mktemp -d /tmp/custodia-st.XXXXXX)
SERVER_PID=""
PG_DBS=()
PSQL=""

stop_server() {
    if [[ -n "$SERVER_PID" ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}

drop_databases() {
    local db
    for db in "${PG_DBS[@]}"; do
        "$PSQL" "$CUSTODIA_TEST_POSTGRES_URL" -X -q -v ON_ERROR_STOP=1 \
            -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
    done
    PG_DBS=()
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    stop_server
    drop_databases
    rm -rf -- "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ ! -x "$BIN" ]]; then
    echo "schemathesis.sh: $BIN not found; run 'cargo build' first (or set CUSTODIA_BIN)" >&2
    exit 2
fi

# ---------------------------------------------------------------------------------------------
# Schemathesis and openapi-spec-validator, pinned, in a venv of their own.
if [[ -n "${ST_VENV:-}" ]]; then
    VENV=$ST_VENV
else
    VENV="$TMP/venv"
    echo "Installing .ci/schemathesis-requirements.txt into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-input \
        -r "$REPO_ROOT/.ci/schemathesis-requirements.txt"
fi
PY="$VENV/bin/python"
echo "$("$VENV/bin/python" --version), $("$VENV/bin/schemathesis" --version)," \
    "openapi-spec-validator $("$PY" -c 'import importlib.metadata as m; print(m.version("openapi-spec-validator"))')"

echo "Validating openapi.yaml as OpenAPI 3.1"
"$PY" - "$REPO_ROOT/openapi.yaml" <<'EOF'
import sys

import yaml
from openapi_spec_validator import OpenAPIV31SpecValidator

with open(sys.argv[1], encoding="utf-8") as f:
    spec = yaml.safe_load(f)
if not str(spec.get("openapi", "")).startswith("3.1"):
    sys.exit(f"openapi.yaml declares openapi: {spec.get('openapi')!r}, not 3.1.x")
errors = list(OpenAPIV31SpecValidator(spec).iter_errors())
for e in errors:
    print(f"  {'/'.join(map(str, e.absolute_path))}: {e.message}", file=sys.stderr)
if errors:
    sys.exit(f"openapi.yaml is not valid OpenAPI 3.1: {len(errors)} error(s)")
print("openapi.yaml: valid OpenAPI 3.1")
EOF

# ---------------------------------------------------------------------------------------------
free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

token() { # role sub
    "$BIN" token --role "$1" --sub "$2" --ttl 7200
}

# Runs Schemathesis once: run NAME, then st run arguments. The NDJSON report goes to
# $RUN_DIR/reports/NAME.ndjson; the summary is printed.
st_run() {
    local name=$1
    shift
    echo
    echo "----- schemathesis [$ENGINE] $name -----"
    local rc=0
    (cd "$RUN_DIR" && "$VENV/bin/schemathesis" --config-file schemathesis.toml run \
        "$REPO_ROOT/openapi.yaml" \
        --report ndjson --report-ndjson-path "reports/$name.ndjson" \
        "$@") || rc=$?
    if [[ $rc -ne 0 ]]; then
        echo "!!! schemathesis [$ENGINE] $name failed (exit code $rc)"
        FAILED=1
    fi
}

CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance

run_engine() {
    ENGINE=$1
    local dir="$TMP/$ENGINE"
    RUN_DIR="$dir/run"
    mkdir -p "$RUN_DIR/reports"
    local port
    port=$(free_port)

    # One environment for the server and for `custodia token`, which reads the same settings.
    export CUSTODIA_LISTEN="127.0.0.1:$port"
    export CUSTODIA_DATA_DIR="$dir/data"
    export CUSTODIA_POLICY_DIR="$REPO_ROOT/policies"
    export CUSTODIA_LOG_FORMAT=pretty
    export RUST_LOG=${ST_RUST_LOG:-warn}
    unset CUSTODIA_VAULT_DATABASE_URL CUSTODIA_BEHAVIOUR_DATABASE_URL CUSTODIA_MASTER_KEY \
        CUSTODIA_MASTER_KEY_FILE CUSTODIA_JWT_SECRET CUSTODIA_JWT_SECRET_FILE \
        CUSTODIA_JWT_PUBLIC_KEY_FILE CUSTODIA_RETENTION_INTERVAL_HOURS \
        CUSTODIA_ERASURE_JOURNAL_DIR
    case "$ENGINE" in
        sqlite)
            # Local mode: SQLite files, dev master key and token secret in the data dir.
            ;;
        postgres)
            if [[ -z "${CUSTODIA_TEST_POSTGRES_URL:-}" ]]; then
                echo "schemathesis.sh: CUSTODIA_TEST_POSTGRES_URL is not set (needed for postgres)" >&2
                FAILED=1
                return
            fi
            if [[ -n "${PG_BIN:-}" && -x "$PG_BIN/psql" ]]; then PSQL="$PG_BIN/psql"; else PSQL=psql; fi
            local suffix db base
            suffix=$(date +%s)_$$
            base=${CUSTODIA_TEST_POSTGRES_URL%/*}
            for db in "st_vault_$suffix" "st_behaviour_$suffix"; do
                "$PSQL" "$CUSTODIA_TEST_POSTGRES_URL" -X -q -v ON_ERROR_STOP=1 \
                    -c "CREATE DATABASE \"$db\""
                PG_DBS+=("$db")
            done
            export CUSTODIA_VAULT_DATABASE_URL="$base/st_vault_$suffix"
            export CUSTODIA_BEHAVIOUR_DATABASE_URL="$base/st_behaviour_$suffix"
            CUSTODIA_MASTER_KEY=$(head -c 32 /dev/urandom | base64)
            CUSTODIA_JWT_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
            export CUSTODIA_MASTER_KEY CUSTODIA_JWT_SECRET
            export CUSTODIA_ERASURE_JOURNAL_DIR="$dir/erasure-journal"
            ;;
        *)
            echo "schemathesis.sh: unknown engine '$ENGINE' (sqlite or postgres)" >&2
            FAILED=1
            return
            ;;
    esac

    echo
    echo "=== contract test on $ENGINE: server on 127.0.0.1:$port, log $dir/server.log ==="
    "$BIN" serve >"$dir/server.log" 2>&1 &
    SERVER_PID=$!
    local ready=0
    for _ in $(seq 1 600); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            break
        fi
        if "$PY" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/health', timeout=2)" 2>/dev/null; then
            ready=1
            break
        fi
        sleep 0.1
    done
    if [[ $ready -ne 1 ]]; then
        echo "!!! the server did not become ready on $ENGINE; its log:"
        cat "$dir/server.log" || true
        FAILED=1
        stop_server
        drop_databases
        return
    fi

    export ST_BASE_URL="http://127.0.0.1:$port"
    ST_TOKEN_CLIENT=$(token client crm)
    ST_TOKEN_DPO=$(token dpo dpo)
    ST_TOKEN_ADMIN=$(token admin ops)
    export ST_TOKEN_CLIENT ST_TOKEN_DPO ST_TOKEN_ADMIN
    cp "$ST_DIR/schemathesis.toml" "$RUN_DIR/"
    "$PY" "$ST_DIR/seed.py" "$RUN_DIR"
    # shellcheck disable=SC1091
    source "$RUN_DIR/seed.env"
    export ST_LOOKUP_PHONE
    local subject_token subject_erase_token subject_objected_token unknown_token gone_token
    subject_token=$(token subject "$ST_SUBJECT_ME")
    subject_erase_token=$(token subject "$ST_SUBJECT_ME_ERASE")
    subject_objected_token=$(token subject "$ST_SUBJECT_ME_OBJECTED")
    unknown_token=$(token subject "$("$PY" -c 'import uuid; print(uuid.uuid4())')")
    gone_token=$(token subject "$ST_SUBJECT_ME_GONE")
    export PYTHONPATH="$ST_DIR" PYTHONDONTWRITEBYTECODE=1 ST_OVERSIZE=0 ST_EXAMPLES="$RUN_DIR/examples.json"

    # Every operation with a role it admits.
    ST_TOKEN_SUBJECT=$subject_token ST_TOKEN_SUBJECT_ERASE=$subject_erase_token \
        ST_TOKEN_SUBJECT_OBJECTED=$subject_objected_token \
        st_run main --max-examples "$MAX_EXAMPLES"

    # Every operation with a role it does not admit: the subject token where a system or an
    # officer is expected, a client token on /v1/me. A few positive cases each: the role is
    # checked before anything else is looked at.
    local edge=(--checks "$CHECKS" --phases fuzzing --mode positive --max-examples 3)
    local client_token=$ST_TOKEN_CLIENT
    ST_TOKEN_CLIENT=$subject_token ST_TOKEN_ADMIN=$subject_token ST_TOKEN_DPO=$subject_token \
        ST_TOKEN_SUBJECT=$client_token ST_TOKEN_SUBJECT_ERASE=$client_token \
        ST_TOKEN_SUBJECT_OBJECTED=$client_token \
        st_run wrong-role "${edge[@]}" --exclude-operation-id getHealth --exclude-operation-id getReady --exclude-operation-id getReceiptKeys

    # /v1/me… for a subject the vault never held, and for an erased one.
    ST_TOKEN_SUBJECT=$unknown_token ST_TOKEN_SUBJECT_ERASE=$unknown_token \
        ST_TOKEN_SUBJECT_OBJECTED=$unknown_token \
        st_run me-unknown "${edge[@]}" --include-tag me
    ST_TOKEN_SUBJECT=$gone_token ST_TOKEN_SUBJECT_ERASE=$gone_token \
        ST_TOKEN_SUBJECT_OBJECTED=$gone_token \
        st_run me-erased "${edge[@]}" --include-tag me

    # Bodies over the limit.
    ST_OVERSIZE=1 ST_TOKEN_SUBJECT=$subject_token ST_TOKEN_SUBJECT_ERASE=$subject_token \
        ST_TOKEN_SUBJECT_OBJECTED=$subject_token \
        st_run oversize "${edge[@]:0:4}" --max-examples 1 \
        --include-method-regex '^(POST|PUT|PATCH)$' --exclude-operation-id undoMerge

    echo
    echo "----- documented status codes reached [$ENGINE] -----"
    "$PY" "$ST_DIR/statuses.py" "$REPO_ROOT/openapi.yaml" "$RUN_DIR"/reports/*.ndjson || FAILED=1

    stop_server
    if [[ -n "${ST_KEEP_REPORTS:-}" ]]; then
        mkdir -p "$ST_KEEP_REPORTS/$ENGINE"
        cp -r "$RUN_DIR"/reports/. "$dir/server.log" "$ST_KEEP_REPORTS/$ENGINE/"
    fi
    if [[ $FAILED -ne 0 ]]; then
        echo "---------- tail of the server log ($ENGINE) ----------"
        tail -n 40 "$dir/server.log" || true
    fi
    drop_databases
}

FAILED=0
started=$SECONDS
for engine in "${ENGINES[@]}"; do
    run_engine "$engine"
done
echo
if [[ $FAILED -ne 0 ]]; then
    echo "CONTRACT TEST FAILED on ${ENGINES[*]} after $((SECONDS - started))s"
    exit 1
fi
echo "contract test passed on ${ENGINES[*]} in $((SECONDS - started))s"
