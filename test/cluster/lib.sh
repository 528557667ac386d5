# Shared by up.sh and down.sh: where the sandbox cluster lives and how its processes are tracked.
# Sourced, not run.

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cluster_dir=${APPFRAMEWORK_CLUSTER_DIR:-$repo_root/.cluster}

# Paths end up in sshd_config, slurm.conf and ssh_config lines: keep them free of spaces and quotes.
if [[ ! $cluster_dir =~ ^/[A-Za-z0-9._/-]+$ ]]; then
  echo "cluster: APPFRAMEWORK_CLUSTER_DIR must be an absolute path of letters, digits, '.', '_', '-' and '/': $cluster_dir" >&2
  exit 2
fi

run_dir=$cluster_dir/run
log_dir=$cluster_dir/log
components=(munged slurmctld slurmd sshd-access sshd-viz)

say() { printf 'cluster: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

pid_file() { printf '%s/%s.pid\n' "$run_dir" "$1"; }

# Prints the pid of a component if its pid file names a live process that is really ours (its
# command line mentions the cluster folder), so a recycled pid is never mistaken for it.
component_pid() {
  local file pid
  file=$(pid_file "$1")
  [[ -s $file ]] || return 1
  read -r pid <"$file" || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  grep -qF -- "$cluster_dir" "/proc/$pid/cmdline" 2>/dev/null || return 1
  [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]] || return 1
  printf '%s\n' "$pid"
}

is_running() { component_pid "$1" >/dev/null; }

# Polls a command until it succeeds, for at most $1 seconds; readiness is never a fixed sleep.
wait_until() {
  local limit=$1
  shift
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# Children of a process (sshd forks one process per connection; stopping sshd ends those too).
child_pids() {
  # Field 2 of /proc/PID/stat may contain spaces and parentheses: cut through its last ") ".
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v parent="$1" '{ pid = $1; sub(/^[0-9]+ \(.*\) /, ""); if ($2 == parent) print pid }'
}

# Ends a process and waits until it is gone (TERM, then KILL after 10 s).
stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  local deadline=$((SECONDS + 10))
  while [[ -e /proc/$pid ]] && [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]]; do
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 5))
    fi
    sleep 0.1
  done
}

stop_component() {
  local name=$1 pid children child
  pid=$(component_pid "$name") || { rm -f "$(pid_file "$name")"; return 0; }
  children=$(child_pids "$pid")
  stop_pid "$pid"
  # sshd leaves connections it forked running after the listener ends: end them as well.
  for child in $children; do stop_pid "$child"; done
  rm -f "$(pid_file "$name")"
  say "stopped $name (pid $pid)"
}
