#!/usr/bin/env bash
# Runs a command inside the Apptainer root made by setup.sh, as its ordinary
# user. Apptainer refuses a plain chroot, so the root becomes the real root of
# a private mount namespace (pivot_root) with /proc, /dev, /sys, a fresh /tmp
# and, if APPFRAMEWORK_APPTAINER_WORK names a folder, that folder at the same
# path. APPFRAMEWORK_APPTAINER_NET=none runs it without any network.
# Usage (as root): enter.sh COMMAND [ARG...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

[ "$(id -u)" -eq 0 ] || die "enter.sh must run as root"
[ $# -gt 0 ] || die "usage: enter.sh COMMAND [ARG...]"
check_abs_path "$APPTAINER_ROOT"
[ -f "$APPTAINER_ROOT/.appframework-ready" ] || die "no Apptainer root at $APPTAINER_ROOT: run setup.sh first"

work="${APPFRAMEWORK_APPTAINER_WORK:-}"
if [ -n "$work" ]; then
  check_abs_path "$work"
  [ -d "$work" ] || die "work folder does not exist: $work"
fi

unshare_args=(--mount --propagation private)
case "${APPFRAMEWORK_APPTAINER_NET:-host}" in
  host) ;;
  none) unshare_args+=(--net) ;;
  *) die "APPFRAMEWORK_APPTAINER_NET must be host or none" ;;
esac

# shellcheck disable=SC2016 # the inner script expands its own arguments
exec unshare "${unshare_args[@]}" -- bash -euc '
  root="$1" work="$2" user="$3"
  shift 3
  mount --bind "$root" "$root"
  mount --rbind /proc "$root/proc"
  mount --rbind /dev "$root/dev"
  mount --rbind /sys "$root/sys"
  mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
  mount --bind /etc/resolv.conf "$root/etc/resolv.conf"
  if [ -n "$work" ]; then
    mkdir -p "$root$work"
    mount --bind "$work" "$root$work"
  fi
  mkdir -p "$root/.old-root"
  cd "$root"
  pivot_root . .old-root
  umount -l /.old-root
  home="/home/$user"
  cd "${work:-$home}"
  exec env -i HOME="$home" USER="$user" LOGNAME="$user" LANG=C.UTF-8 \
    PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
    setpriv --reuid="$user" --regid="$user" --init-groups -- "$@"
' enter "$APPTAINER_ROOT" "$work" "$APPTAINER_USER" "$@"
