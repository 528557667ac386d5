// The POSIX sh scripts a deploy runs on a node. Each runs as `sh -c SCRIPT sh ARG...`: values
// travel only as positional arguments (validated by the caller, quoted by the host layer), never
// pasted into the script text. GNU coreutils and busybox both provide what they use.

/** argv for running `script` with `args` as $1, $2, ... */
export function scriptArgv(script: string, args: readonly string[]): string[] {
  return ['sh', '-c', script, 'sh', ...args];
}

/**
 * `sha256 PATH` prints the file's sha256: with OpenSSL where there is one (it uses the CPU's
 * SHA instructions, several times faster than coreutils' sha256sum on the same machine), else
 * with sha256sum. Paths are absolute, so none reads as an option.
 */
const SHA256_FUNCTION = `sha256() {
  h=$(openssl dgst -sha256 -r "$1" 2>/dev/null) && h=\${h%% *} && [ \${#h} -eq 64 ] && { printf '%s\\n' "$h"; return 0; }
  h=$(sha256sum -- "$1") && printf '%s\\n' "\${h%% *}"
}`;

/** Printed first: anything a login script printed before it is not part of the answer. */
export const PROBE_MARKER = '--- appframework probe';

/**
 * What the node has for an image, without changing anything: the user, the folder, the image's
 * stat, free space and leftover temporaries. $1 = image path.
 */
export const PROBE = `
printf '%s\\n' '${PROBE_MARKER}'
f=$1
d=\${f%/*}; [ -n "$d" ] || d=/
b=\${f##*/}
printf 'user %s %s %s %s\\n' "$(id -un)" "$(id -u)" "$(id -g)" "$(id -gn)"
p=$d
while [ ! -d "$p" ]; do p=\${p%/*}; [ -n "$p" ] || p=/; done
if [ "$p" = "$d" ]; then s=present; else s=missing; fi
if [ -w "$p" ]; then w=writable; else w=readonly; fi
printf 'dir %s %s\\n' "$s" "$w"
if [ -e "$f" ] || [ -L "$f" ]; then
  if [ -L "$f" ]; then t=symlink; elif [ -d "$f" ]; then t=directory; elif [ -f "$f" ]; then t=file; else t=other; fi
  stat -c "image %s %Y %i %u %g %U %G %a $t" -- "$f"
fi
df -Pk -- "$p" 2>/dev/null | awk 'NR == 2 { print "free " $4 }'
n=0
for x in "$d/.$b".*.partial; do [ -e "$x" ] && n=$((n + 1)); done
printf 'partial %s\\n' "$n"
`;

/** RECEIVE's exit when the user may not do it without root (nothing was read or written). */
export const NEEDS_ROOT_EXIT = 40;
/** RECEIVE's exit when the image does not fit where it goes (nothing was read or written). */
export const NO_SPACE_EXIT = 41;
/** RECEIVE's exit when what the node stored differs from what was sent (nothing was replaced). */
export const MISMATCH_EXIT = 24;

/**
 * Receives the image on stdin into a temporary file beside it, then its expected sha256 as one
 * line after the bytes (the sender hashes while it sends). The node hashes what it stored; only
 * a complete file whose sha256 matches goes on to owner, mode, checksum record and the one
 * rename over the image. Before reading anything it checks that the user may do all that
 * (else exit 40, "needs-root <reason>") and that the image fits (else exit 41, "no-space
 * <free KiB>"). Leftover temporaries of interrupted deploys are removed when older than $4
 * minutes and no upload holds their lock. A short or failed write, or a mismatch, removes the
 * temporary at once. $1 = temporary path, $2 = image path, $3 = size, $4 = stale age in minutes,
 * $5 = owner, $6 = mode. Prints the steps, and `sha256 <hex>` of what it stored.
 */
export const RECEIVE = `
${SHA256_FUNCTION}
t=$1; f=$2; n=$3; age=$4; o=$5; m=$6
d=\${f%/*}; [ -n "$d" ] || d=/
b=\${f##*/}
r="$d/.$b.sha256"
# A dropped connection must not kill the cleanup below with SIGPIPE.
trap '' PIPE
umask 022
p=$d
while [ ! -d "$p" ]; do p=\${p%/*}; [ -n "$p" ] || p=/; done
u=$(id -u)
if [ "$u" != 0 ]; then
  me=$(id -un)
  if [ ! -w "$p" ]; then
    if [ "$p" = "$d" ]; then printf 'needs-root %s cannot write %s\\n' "$me" "$d" >&2; else printf 'needs-root %s cannot write a parent of %s\\n' "$me" "$d" >&2; fi
    exit ${NEEDS_ROOT_EXIT}
  fi
  case "$o" in
    "$me" | "$u" | "$me:$(id -gn)" | "$u:$(id -g)" | "$me:$(id -g)" | "$u:$(id -gn)") ;;
    *) printf 'needs-root only root can give the image to %s\\n' "$o" >&2; exit ${NEEDS_ROOT_EXIT} ;;
  esac
fi
if [ -d "$f" ]; then printf '%s is a directory\\n' "$f" >&2; exit 31; fi
free=$(df -Pk -- "$p" 2>/dev/null | awk 'NR == 2 { print $4 }')
if [ -n "$free" ] && [ "$free" -lt $(( (n + 1023) / 1024 )) ]; then printf 'no-space %s\\n' "$free" >&2; exit ${NO_SPACE_EXIT}; fi
mkdir -p -- "$d" || exit 20
if command -v flock >/dev/null 2>&1; then lock=1; else lock=; fi
for s in "$d/.$b".*.partial; do
  [ -e "$s" ] && [ "$s" != "$t" ] || continue
  [ -n "$(find "$s" -prune -mmin +"$age" 2>/dev/null)" ] || continue
  if [ -n "$lock" ]; then flock -n "$s" rm -f -- "$s" 2>/dev/null || true; else rm -f -- "$s"; fi
done
fail() { rm -f -- "$t" "$r.new"; exit "$1"; }
# The bytes and the checksum line land in the file as they come (cat: big writes, no parsing);
# the line is read back and cut off after. A short transfer has no valid line at that place.
if [ -n "$lock" ]; then flock "$t" sh -c 'exec cat > "$1"' sh "$t" || fail 21; else cat > "$t" || fail 21; fi
size=$(stat -c %s -- "$t" 2>/dev/null) || size=0
if [ "$size" != "$((n + 65))" ]; then
  rm -f -- "$t"
  printf 'received %s of %s bytes\\n' "$((size > n ? n : size))" "$n" >&2
  fail 22
fi
expected=$(tail -c 65 -- "$t")
case "$expected" in *[!0-9a-f]* | '') expected='no checksum line' ;; esac
truncate -s "$n" -- "$t" || fail 22
echo verifying
sum=$(sha256 "$t") || fail 23
printf 'sha256 %s\\n' "$sum"
if [ "$sum" != "$expected" ]; then rm -f -- "$t"; printf 'checksum mismatch: stored %s, sent %s\\n' "$sum" "$expected" >&2; fail ${MISMATCH_EXIT}; fi
echo installing
chown -- "$o" "$t" || fail 32
chmod -- "$m" "$t" || fail 32
set -- $(stat -c '%s %Y %u %g' -- "$t")
[ $# -eq 4 ] || fail 33
{ printf '%s %s %s %s %s %s\\n' "$sum" "$1" "$2" "$3" "$4" "$o" > "$r.new" && chmod 644 "$r.new" && mv -f -- "$r.new" "$r"; } || fail 33
mv -f -- "$t" "$f" || fail 34
echo installed
`;

/**
 * Fixes owner, mode and checksum record of an image already in place (same bytes as the build,
 * but changed by hand or deployed before records existed).
 * $1 = image path, $2 = owner, $3 = mode, $4 = sha256 of the content.
 */
export const REPAIR = `
f=$1; o=$2; m=$3; sum=$4
d=\${f%/*}; [ -n "$d" ] || d=/
b=\${f##*/}
r="$d/.$b.sha256"
[ -f "$f" ] || { printf '%s is not a file\\n' "$f" >&2; exit 30; }
chown -- "$o" "$f" || exit 32
chmod -- "$m" "$f" || exit 32
set -- $(stat -c '%s %Y %u %g' -- "$f")
[ $# -eq 4 ] || exit 33
{ printf '%s %s %s %s %s %s\\n' "$sum" "$1" "$2" "$3" "$4" "$o" > "$r.new" && chmod 644 "$r.new" && mv -f -- "$r.new" "$r"; } || { rm -f -- "$r.new"; exit 33; }
`;

/** Hashes the image as it is on disk. $1 = image path. Prints `sha256 <hex>`. */
export const HASH = `
${SHA256_FUNCTION}
sum=$(sha256 "$1") || exit 40
printf 'sha256 %s\\n' "$sum"
`;

/**
 * Deletes an image and its checksum record; an app's folder goes too once it is empty.
 * $1 = image path, $2 = "app" or "vnc".
 */
export const DELETE = `
f=$1
d=\${f%/*}; [ -n "$d" ] || d=/
b=\${f##*/}
[ -d "$f" ] && { printf '%s is a directory\\n' "$f" >&2; exit 50; }
rm -f -- "$f" "$d/.$b.sha256" || exit 51
if [ "$2" = app ]; then rmdir -- "$d" 2>/dev/null || true; fi
`;
