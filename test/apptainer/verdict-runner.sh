#!/usr/bin/env bash
# Runs inside the Apptainer root (see enter.sh), without network: builds every
# definition file under CORPUS with `apptainer build`, writing one log per file
# and a results.tsv of "<relative path><TAB><exit status>" lines to OUT.
# Usage: verdict-runner.sh CORPUS OUT
set -uo pipefail
corpus="$1"
out="$2"
base=/tmp/appframework-base.sif
mkdir -p "$out"

# Crafted files that must get past fetching (multi-stage, %files from, %post
# options) bootstrap from this local image: /bin/sh and the C library only.
base_root=/tmp/appframework-base-root
mkdir -p "$base_root/bin" "$base_root/etc" "$base_root/tmp"
cp /bin/dash "$base_root/bin/sh"
for lib in $(ldd /bin/dash | grep -o '/[^ ]*'); do
  mkdir -p "$base_root$(dirname "$lib")"
  cp -L "$lib" "$base_root$lib"
done
if ! apptainer build --fakeroot "$base" "$base_root" >"$out/base.log" 2>&1; then
  echo "error: could not build the local base image, see $out/base.log" >&2
  exit 1
fi

: >"$out/results.tsv"
while IFS= read -r -d '' file; do
  rel="${file#"$corpus"/}"
  log="$out/${rel//\//__}.log"
  rm -f /tmp/out.sif
  # --section files skips %setup (it runs on the build host); %test is skipped
  # too. Parsing and validation are the same as for a full build. No library
  # remote is configured by default: a loopback one (unreachable here, as is
  # everything) lets library builds get as far as fetching.
  (cd "$(dirname "$file")" && timeout 300 apptainer build --fakeroot --section files --notest \
    --library https://127.0.0.1:9 /tmp/out.sif "$file") >"$log" 2>&1
  printf '%s\t%s\n' "$rel" "$?" >>"$out/results.tsv"
done < <(find "$corpus" -type f -name '*.def' -print0 | sort -z)
rm -f /tmp/out.sif
