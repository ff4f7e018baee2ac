#!/usr/bin/env bash
# Browser tests: the privacy centre and the DPO console in headless Chromium (Debian's
# `chromium`, driven by `playwright-core` from npm), against the built server on each engine
# named on the command line (`sqlite`, `postgres`). See tests/browser/.
#
# Installs what is missing: Debian's chromium (as root, with apt) and the npm packages of
# tests/browser (npm ci, from its package-lock.json; no browser download). Screenshots go to
# $BROWSER_ARTIFACTS (default target/browser-artifacts), one per test and engine.
# The postgres engine needs CUSTODIA_TEST_POSTGRES_URL (an admin URL; fresh databases are made).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT=$(pwd -P)

if [[ ! -x /usr/bin/chromium ]]; then
    if [[ $EUID -ne 0 ]]; then
        echo "browser.sh: /usr/bin/chromium is missing and this is not root; install Debian's 'chromium'" >&2
        exit 1
    fi
    echo "Installing Debian's chromium"
    apt-get update </dev/null >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium </dev/null >/dev/null
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [[ $EUID -ne 0 ]]; then
        echo "browser.sh: node/npm missing and this is not root; install Debian's 'nodejs' and 'npm'" >&2
        exit 1
    fi
    apt-get update </dev/null >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm </dev/null >/dev/null
fi
echo "$(/usr/bin/chromium --version 2>/dev/null | head -n 1), node $(node --version)"

BIN=${CUSTODIA_BIN:-$REPO_ROOT/target/debug/custodia}
if [[ ! -x "$BIN" ]]; then
    echo "browser.sh: $BIN not found; run 'cargo build' first (or set CUSTODIA_BIN)" >&2
    exit 1
fi
export CUSTODIA_BIN="$BIN"
export BROWSER_ARTIFACTS=${BROWSER_ARTIFACTS:-$REPO_ROOT/target/browser-artifacts}

(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

engines=("$@")
if [[ ${#engines[@]} -eq 0 ]]; then engines=(sqlite); fi
for engine in "${engines[@]}"; do
    echo "---------- browser tests on $engine ----------"
    (cd tests/browser && BROWSER_ENGINE="$engine" node --test --test-concurrency=1 --test-reporter=spec pages.test.mjs)
done
echo "Browser tests passed on: ${engines[*]} (screenshots in $BROWSER_ARTIFACTS)"
