#!/usr/bin/env bash
# The load test (issue 16), one command on a fresh clone:
#
#   benches/load.sh [--postgres-url postgres://user@127.0.0.1:5432/postgres] [load.py options]
#   benches/load.sh --smoke        3 s per scenario on a debug build: does it all work
#
# Builds custodia and the ceiling server (examples/ceiling.rs, a bare actix-web /health) with
# the release profile (debug for --smoke), then runs benches/load.py: a fresh vault per engine,
# 10,000 customers created over HTTP, every scenario driven by wrk, one table with requests/s,
# p50/p99/p99.9, server RSS and each figure as a share of the ceiling measured in the same run.
# Needs wrk (Debian: apt-get install wrk) and python3. Record the results with the date and
# the machine in benches/README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v wrk >/dev/null; then
    echo "load.sh: wrk not found; on Debian: apt-get install wrk" >&2
    exit 2
fi
PROFILE=release
for arg in "$@"; do
    [[ "$arg" == "--smoke" ]] && PROFILE=debug
done
if [[ "$PROFILE" == release ]]; then
    cargo build --release --locked --bin custodia --example ceiling
else
    cargo build --locked --bin custodia --example ceiling
fi
exec python3 benches/load.py --binary "target/$PROFILE/custodia" \
    --ceiling "target/$PROFILE/examples/ceiling" "$@"
