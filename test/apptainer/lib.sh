# Shared settings for the scripts that prepare and enter the Apptainer root.
# Sourced, not run.

APPTAINER_ROOT="${APPFRAMEWORK_APPTAINER_ROOT:-/var/cache/appframework/apptainer-root}"
APPTAINER_USER="${APPFRAMEWORK_APPTAINER_USER:-appbuild}"
APPTAINER_UID=1000

die() {
  echo "error: $*" >&2
  exit 1
}

# Prints APPFRAMEWORK_DEBIAN_MIRROR if set, else the first Debian archive mirror
# configured for apt on this host (one-line .list or deb822 .sources format),
# skipping security mirrors.
debian_mirror() {
  local files=() f uri
  if [ -n "${APPFRAMEWORK_DEBIAN_MIRROR:-}" ]; then
    echo "$APPFRAMEWORK_DEBIAN_MIRROR"
    return 0
  fi
  [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && files+=("$f")
  done
  for f in "${files[@]}"; do
    while read -r uri; do
      case "$uri" in
        http://*/debian | https://*/debian | http://*/debian/ | https://*/debian/) echo "${uri%/}"; return 0 ;;
      esac
    done < <(sed -n -E \
      -e 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' \
      -e 's/^[[:space:]]*URIs:[[:space:]]*//p' "$f" | tr ' ' '\n')
  done
  return 1
}

# Refuses values that would be unsafe as a path inside mount commands.
check_abs_path() {
  case "$1" in
    /*) ;;
    *) die "not an absolute path: $1" ;;
  esac
  case "$1" in
    *[!A-Za-z0-9_./-]*) die "path contains unsupported characters: $1" ;;
  esac
}
