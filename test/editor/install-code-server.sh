#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, runs on Node 20) for the editor test tier, into a
# folder of its own so the project's package.json and lockfile stay small. Idempotent: once
# installed, a run only prints the path of the code-server binary.
#
#   APPFRAMEWORK_CODE_SERVER_DIR   where to install (default /var/cache/appframework/code-server
#                                  as root, ~/.cache/appframework/code-server otherwise)
#
# Prints the absolute path of the code-server binary as its last line of standard output.
set -euo pipefail

readonly VERSION=4.100.3
if [[ "$(id -u)" == 0 ]]; then default_dir=/var/cache/appframework/code-server
else default_dir="${XDG_CACHE_HOME:-$HOME/.cache}/appframework/code-server"
fi
readonly DIR="${APPFRAMEWORK_CODE_SERVER_DIR:-$default_dir}"
readonly BIN="$DIR/node_modules/.bin/code-server"
readonly MARKER="$DIR/.installed-$VERSION"
# The release of @vscode/ripgrep code-server depends on, and the binary that release downloads.
readonly RIPGREP_PACKAGE=1.15.11
readonly RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
readonly DEBIAN_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep)

log() { printf 'install-code-server: %s\n' "$*" >&2; }
fail() { log "$*"; exit 1; }

if [[ -f "$MARKER" && -x "$BIN" ]]; then
  echo "$BIN"
  exit 0
fi

[[ "$(uname -m)" == x86_64 ]] || fail "only x86_64 is supported (the ripgrep binary is prepared for it)"
command -v npm >/dev/null || fail "npm is not installed"

as_root() {
  if [[ "$(id -u)" == 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else fail "root is needed to run: $*"
  fi
}

# Native modules of code-server build against these headers; ripgrep replaces a download.
missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# @vscode/ripgrep's postinstall downloads its binary unless it finds the archive in this cache.
cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RIPGREP_PACKAGE"
if [[ ! -s "$cache/$RIPGREP_ASSET" ]]; then
  log "preparing $cache/$RIPGREP_ASSET from $(command -v rg)"
  staging="$(mktemp -d)"
  trap 'rm -rf "$staging"' EXIT
  cp "$(command -v rg)" "$staging/rg"
  mkdir -p "$cache"
  tar -czf "$staging/$RIPGREP_ASSET" -C "$staging" rg
  mv "$staging/$RIPGREP_ASSET" "$cache/$RIPGREP_ASSET"
fi

mkdir -p "$DIR"
# One install at a time when several test runs start together.
exec 9>"$DIR/.lock"
flock 9
if [[ -f "$MARKER" && -x "$BIN" ]]; then
  echo "$BIN"
  exit 0
fi

[[ -f "$DIR/package.json" ]] || printf '{\n  "name": "appframework-code-server",\n  "private": true\n}\n' >"$DIR/package.json"
log "npm install code-server@$VERSION into $DIR"
started=$SECONDS
# Root needs --unsafe-perm for the install scripts; without npm_config_yes a nested `npx node-gyp` aborts.
(cd "$DIR" && npm_config_yes=true npm install "code-server@$VERSION" --unsafe-perm --no-audit --no-fund --loglevel=error >&2)
[[ -x "$BIN" ]] || fail "npm finished but $BIN is missing"
"$BIN" --version | grep -q "^$VERSION " || fail "$BIN is not version $VERSION"
touch "$MARKER"
log "installed in $((SECONDS - started)) s"
echo "$BIN"
