#!/usr/bin/env bash
# Prepares a Debian sid root with Apptainer, debootstrap and fakeroot, plus an
# ordinary user with subordinate ids, so that real Apptainer builds run on a
# Debian 12/13 host where Apptainer is not packaged. Run as root; idempotent:
# a finished root is kept and reused. Enter it with enter.sh.
# --agent-tools also installs the package managers that the yum, zypper and
# arch bootstrap agents look for before they read their header keys.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

[ "$(id -u)" -eq 0 ] || die "setup.sh must run as root"
agent_tools=false
for arg in "$@"; do
  case "$arg" in
    --agent-tools) agent_tools=true ;;
    *) die "unknown option: $arg (known: --agent-tools)" ;;
  esac
done
check_abs_path "$APPTAINER_ROOT"
mirror="$(debian_mirror)" || die "no Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d"

export DEBIAN_FRONTEND=noninteractive
bootstrapped_marker="$APPTAINER_ROOT/.appframework-bootstrapped"

if ! command -v debootstrap >/dev/null; then
  apt-get update
  apt-get install -y debootstrap
fi

if [ ! -f "$bootstrapped_marker" ]; then
  # A root left half-made by an interrupted run cannot be resumed reliably.
  if [ -e "$APPTAINER_ROOT" ]; then
    [ -d "$APPTAINER_ROOT/debootstrap" ] || [ -z "$(ls -A "$APPTAINER_ROOT")" ] \
      || die "$APPTAINER_ROOT exists and is not a root made by this script; remove it or set APPFRAMEWORK_APPTAINER_ROOT"
    rm -rf --one-file-system "$APPTAINER_ROOT"
  fi
  mkdir -p "$APPTAINER_ROOT"
  echo "Bootstrapping Debian sid into $APPTAINER_ROOT from $mirror"
  debootstrap --variant=minbase sid "$APPTAINER_ROOT" "$mirror"
  touch "$bootstrapped_marker"
fi

cp /etc/resolv.conf "$APPTAINER_ROOT/etc/resolv.conf"
# Builds copy /etc/hosts into the image; minbase roots have none.
[ -f "$APPTAINER_ROOT/etc/hosts" ] || printf '127.0.0.1 localhost\n::1 localhost\n' >"$APPTAINER_ROOT/etc/hosts"

packages=(apptainer debootstrap fakeroot uidmap squashfs-tools debian-archive-keyring ca-certificates)
$agent_tools && packages+=(dnf rpm zypper arch-install-scripts)
missing=()
for package in "${packages[@]}"; do
  chroot "$APPTAINER_ROOT" dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  # apt and maintainer scripts only need /proc; a private mount namespace keeps
  # the host's mount table clean even if a step fails. Mirrors that serve a
  # snapshot of sid carry an expired Valid-Until date: not a reason to fail.
  unshare --mount --propagation private -- bash -euc '
    root="$1"
    mount -t proc proc "$root/proc"
    chroot "$root" apt-get -o Acquire::Check-Valid-Until=false update
    shift
    chroot "$root" apt-get install -y --no-install-recommends "$@"
  ' setup "$APPTAINER_ROOT" "${missing[@]}"
fi

if ! chroot "$APPTAINER_ROOT" id -u "$APPTAINER_USER" >/dev/null 2>&1; then
  chroot "$APPTAINER_ROOT" useradd --create-home --uid "$APPTAINER_UID" --shell /bin/bash "$APPTAINER_USER"
fi
for file in subuid subgid; do
  grep -q "^$APPTAINER_USER:" "$APPTAINER_ROOT/etc/$file" 2>/dev/null \
    || echo "$APPTAINER_USER:100000:65536" >>"$APPTAINER_ROOT/etc/$file"
done

touch "$APPTAINER_ROOT/.appframework-ready"
"$here/enter.sh" apptainer --version
echo "Apptainer root ready: $APPTAINER_ROOT"
