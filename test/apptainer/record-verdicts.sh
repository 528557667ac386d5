#!/usr/bin/env bash
# Records what the real Apptainer says about every definition file under
# test/fixtures/defs (real/ and crafted/) into test/fixtures/defs/verdicts.json.
# Builds run inside the root made by setup.sh, with no network, so they stop
# at parsing, at validation or when fetching the base image. Run as root.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
defs="$(cd "$here/../fixtures/defs" && pwd)"

[ "$(id -u)" -eq 0 ] || die "record-verdicts.sh must run as root"
"$here/setup.sh" --agent-tools >/dev/null

work="$(mktemp -d /tmp/appframework-verdicts.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
cp -r "$defs/real" "$defs/crafted" "$work/corpus/"
cp "$here/verdict-runner.sh" "$work/"
chmod -R a+rX "$work"
chown -R "$APPTAINER_UID" "$work"

APPFRAMEWORK_APPTAINER_NET=none APPFRAMEWORK_APPTAINER_WORK="$work" \
  "$here/enter.sh" bash "$work/verdict-runner.sh" "$work/corpus" "$work/out"

node "$here/summarize-verdicts.mjs" "$work/corpus" "$work/out" >"$work/verdicts.json"
mv "$work/verdicts.json" "$defs/verdicts.json"
echo "Wrote $defs/verdicts.json"
