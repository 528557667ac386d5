#!/usr/bin/env bash
# Starts the sandbox cluster: munged, slurmctld + slurmd (one node, partition "viz") and two OpenSSH
# servers standing for the access node and viz-node001, all on 127.0.0.1 and all kept in one
# private folder (default <repo>/.cluster, or APPFRAMEWORK_CLUSTER_DIR). Installs the Debian
# packages it needs when they are missing. Idempotent: what already runs is left alone.
# Prints the path of cluster.json (ports, keys, ssh config, Slurm environment) on stdout.
set -euo pipefail
shopt -s lastpipe # `... | write_config` must run in this shell to record changes
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $(id -u) == 0 ]] || die "needs root (it starts sshd and the Slurm daemons): sudo npm run cluster:up"

mkdir -p "$cluster_dir" "$run_dir" "$log_dir"
chmod 755 "$cluster_dir"
# One up.sh at a time: test files call it concurrently.
exec 9>"$cluster_dir/.lock"
flock 9

# --- Debian packages ---------------------------------------------------------------------------
packages=(slurm-wlm munge openssh-server openssh-client sudo
  tigervnc-standalone-server tigervnc-tools websockify xvfb chromium x11-apps)

install_missing_packages() {
  local missing=() pkg
  for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  [[ -r /etc/debian_version ]] || die "missing packages (${missing[*]}) and this is not Debian: install them by hand"
  say "installing ${missing[*]} (Debian $(cat /etc/debian_version))"
  # Keep the packages' own services from starting: the cluster runs private instances.
  local policy=/usr/sbin/policy-rc.d made_policy=
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  local status=0
  { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; } >"$log_dir/apt.log" 2>&1 || status=$?
  [[ -z $made_policy ]] || rm -f "$policy"
  ((status == 0)) || die "apt-get failed (exit $status), see $log_dir/apt.log"
}
install_missing_packages

# --- Ports (chosen once, then kept) ------------------------------------------------------------
port_is_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ports_file=$cluster_dir/ports.env
if [[ ! -s $ports_file ]]; then
  base=${APPFRAMEWORK_CLUSTER_PORT_BASE:-42200}
  [[ $base =~ ^[0-9]+$ ]] && ((base >= 1024 && base <= 65400)) ||
    die "APPFRAMEWORK_CLUSTER_PORT_BASE must be a number from 1024 to 65400"
  for offset in 17 18 22 23; do
    port_is_taken $((base + offset)) &&
      die "port $((base + offset)) on 127.0.0.1 is in use: choose another APPFRAMEWORK_CLUSTER_PORT_BASE"
  done
  cat >"$ports_file" <<EOF
slurmctld_port=$((base + 17))
slurmd_port=$((base + 18))
access_port=$((base + 22))
viz_port=$((base + 23))
EOF
fi
# shellcheck source=/dev/null
source "$ports_file"

# --- Keys --------------------------------------------------------------------------------------
ssh_dir=$cluster_dir/ssh
keys_dir=$cluster_dir/keys
mkdir -p "$ssh_dir/access" "$ssh_dir/viz" "$keys_dir"
chmod 700 "$keys_dir"
# Sandbox-only passphrase of the encrypted test key (never a real secret).
passphrase=appframework-sandbox

new_key() { # file passphrase comment
  [[ -s $1 ]] || ssh-keygen -q -t ed25519 -N "$2" -C "$3" -f "$1" </dev/null
}
new_key "$ssh_dir/access/ssh_host_ed25519_key" '' appframework-access
new_key "$ssh_dir/viz/ssh_host_ed25519_key" '' appframework-viz-node001
new_key "$keys_dir/id_ed25519" '' appframework-sandbox-user
new_key "$keys_dir/id_ed25519_encrypted" "$passphrase" appframework-sandbox-encrypted

changed=()
# Writes stdin to a file if its content differs; remembers the component that must restart.
write_config() { # file component
  local tmp
  tmp=$(mktemp "$1.XXXXXX")
  cat >"$tmp"
  if [[ -f $1 ]] && cmp -s "$tmp" "$1"; then
    rm -f "$tmp"
  else
    mv -f "$tmp" "$1"
    chmod 644 "$1"
    [[ -z ${2:-} ]] || changed+=("$2")
  fi
}

cat "$keys_dir/id_ed25519.pub" "$keys_dir/id_ed25519_encrypted.pub" | write_config "$ssh_dir/authorized_keys"

# --- An ordinary user ----------------------------------------------------------------------------
# Tests log in as root; the viewer benchmark launches as this user, as people do on a real cluster
# (Slurm runs the user's login shell before each job it gives extra variables, and root's may be
# slow on the machine that hosts the sandbox). Key login only, through the sandbox's sshd.
ordinary_user=afuser
if ! id "$ordinary_user" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash "$ordinary_user"
  say "created user $ordinary_user"
fi
# "*": no password, yet not locked (sshd refuses locked accounts even for keys).
usermod -p '*' "$ordinary_user"

# --- munge (private key, socket and pid) -------------------------------------------------------
munge_dir=$cluster_dir/munge
mkdir -p "$munge_dir"
# Others may reach the socket (as with /run/munge), not list the folder; the key stays 600.
chmod 711 "$munge_dir"
munge_socket=$munge_dir/munge.socket
if [[ ! -s $munge_dir/munge.key ]]; then
  if command -v mungekey >/dev/null; then
    mungekey --create --keyfile="$munge_dir/munge.key"
  else
    dd if=/dev/urandom of="$munge_dir/munge.key" bs=1024 count=1 status=none
  fi
fi
chmod 600 "$munge_dir/munge.key"

# --- Slurm -------------------------------------------------------------------------------------
slurm_dir=$cluster_dir/slurm
slurm_conf=$slurm_dir/slurm.conf
mkdir -p "$slurm_dir/state" "$slurm_dir/spool"
node=$(uname -n)
node=${node%%.*}
slurm_version=$(slurmctld -V | awk '{print $2}')
# Describe the node as slurmd sees it, so it never registers with "low memory" or "low CPUs".
hardware=$(slurmd -C | head -n 1 | tr ' ' '\n' |
  grep -E '^(CPUs|Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore|RealMemory)=' | tr '\n' ' ')

write_config "$slurm_conf" slurm <<EOF
# Sandbox cluster, written by test/cluster/up.sh.
ClusterName=appframework
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$munge_socket
SlurmctldPort=$slurmctld_port
SlurmdPort=$slurmd_port
StateSaveLocation=$slurm_dir/state
SlurmdSpoolDir=$slurm_dir/spool
SlurmctldPidFile=$(pid_file slurmctld)
SlurmdPidFile=$(pid_file slurmd)
SlurmctldLogFile=$log_dir/slurmctld.log
SlurmdLogFile=$log_dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
KillWait=5
NodeName=$node NodeAddr=127.0.0.1 ${hardware}State=UNKNOWN
PartitionName=viz Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
# Slurm 23 and later (Debian 13 ships 24.11) otherwise stop at "Unable to initialize cgroup plugin".
if ((${slurm_version%%.*} >= 23)); then
  printf 'CgroupPlugin=disabled\n' | write_config "$slurm_dir/cgroup.conf" slurm
fi
export SLURM_CONF=$slurm_conf

# --- OpenSSH servers ---------------------------------------------------------------------------
sshd_config() { # name port
  cat <<EOF
# Sandbox $1 node, written by test/cluster/up.sh.
Port $2
ListenAddress 127.0.0.1
HostKey $ssh_dir/$1/ssh_host_ed25519_key
PidFile $(pid_file "sshd-$1")
AuthorizedKeysFile $ssh_dir/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
# The folder may sit under a group-writable tree in CI checkouts.
StrictModes no
AllowTcpForwarding yes
X11Forwarding no
PrintMotd no
AcceptEnv LANG LC_*
# Sessions find the sandbox Slurm without any profile script.
SetEnv SLURM_CONF=$slurm_conf
Subsystem sftp internal-sftp
LogLevel VERBOSE
EOF
}
sshd_config access "$access_port" | write_config "$ssh_dir/access/sshd_config" sshd-access
sshd_config viz "$viz_port" | write_config "$ssh_dir/viz/sshd_config" sshd-viz

write_config "$ssh_dir/config" <<EOF
# Sandbox cluster, written by test/cluster/up.sh. Use it with \`ssh -F $ssh_dir/config af-access\`
# or add \`Include $ssh_dir/config\` to ~/.ssh/config.
Host af-access
  HostName 127.0.0.1
  Port $access_port

Host viz-node001
  HostName 127.0.0.1
  Port $viz_port
  ProxyJump af-access

Host viz-node001-direct
  HostName 127.0.0.1
  Port $viz_port

Host af-access-user
  HostName 127.0.0.1
  Port $access_port
  User $ordinary_user

Host af-access viz-node001 viz-node001-direct
  User root

Host af-access viz-node001 viz-node001-direct af-access-user
  IdentityFile $keys_dir/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $ssh_dir/known_hosts
  StrictHostKeyChecking yes
EOF

{
  printf '[127.0.0.1]:%s %s\n' "$access_port" "$(cut -d' ' -f1,2 "$ssh_dir/access/ssh_host_ed25519_key.pub")"
  printf '[127.0.0.1]:%s %s\n' "$viz_port" "$(cut -d' ' -f1,2 "$ssh_dir/viz/ssh_host_ed25519_key.pub")"
} | write_config "$ssh_dir/known_hosts"

# --- Start what is not running -----------------------------------------------------------------
was_changed() { local c; for c in "${changed[@]}"; do [[ $c == "$1" ]] && return 0; done; return 1; }

if was_changed slurm; then
  for c in slurmd slurmctld; do stop_component "$c"; done
  # Node and port changes make the saved state stale.
  rm -rf "${slurm_dir:?}/state/"* "${slurm_dir:?}/spool/"*
fi
for c in sshd-access sshd-viz; do
  if was_changed "$c"; then stop_component "$c"; fi
done

started=()
# Starts a daemon that writes its own pid file, then waits for that file to name a live process.
start_daemon() { # component command...
  local name=$1
  shift
  is_running "$name" && return 0
  rm -f "$(pid_file "$name")"
  # fd 9 holds the lock: a daemon keeping it would block every later up.sh.
  "$@" </dev/null >>"$log_dir/$name.out" 2>&1 9>&- || die "$name did not start, see $log_dir/$name.out"
  wait_until 30 is_running "$name" || die "$name did not come up, see $log_dir/"
  started+=("$name")
  say "started $name (pid $(component_pid "$name"))"
}

munge_works() { munge -S "$munge_socket" -n </dev/null | unmunge -S "$munge_socket"; }
start_daemon munged munged --force --socket="$munge_socket" --key-file="$munge_dir/munge.key" \
  --pid-file="$(pid_file munged)" --log-file="$log_dir/munged.log" --seed-file="$munge_dir/munged.seed"
wait_until 30 munge_works || die "munged does not answer on $munge_socket, see $log_dir/munged.log"

start_daemon slurmctld slurmctld -f "$slurm_conf"
start_daemon slurmd slurmd -f "$slurm_conf"

mkdir -p /run/sshd
chmod 755 /run/sshd
start_daemon sshd-access /usr/sbin/sshd -f "$ssh_dir/access/sshd_config" -E "$log_dir/sshd-access.log"
start_daemon sshd-viz /usr/sbin/sshd -f "$ssh_dir/viz/sshd_config" -E "$log_dir/sshd-viz.log"

# --- Readiness ---------------------------------------------------------------------------------
node_ready() {
  local state
  state=$(sinfo -h -n "$node" -o %T 2>/dev/null) || return 1
  [[ $state =~ ^(idle|mixed|allocated|completing)$ ]]
}
wait_until 60 node_ready || die "node $node is not idle: $(sinfo -h -n "$node" -o '%T %E' 2>&1), see $log_dir/slurmd.log"

# A server started just now must accept a real login; one that was already running only has to
# greet (a full login costs seconds on a busy machine, and up.sh runs before every test file).
ssh_logs_in() { ssh -F "$ssh_dir/config" -o BatchMode=yes -o ConnectTimeout=5 "$1" true </dev/null; }
ssh_greets() {
  local banner
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  read -r -t 5 banner <&3 || true
  exec 3<&-
  [[ $banner == SSH-2.0-* ]]
}
if ((${#started[@]})); then
  for alias in af-access viz-node001-direct viz-node001 af-access-user; do
    wait_until 30 ssh_logs_in "$alias" || die "ssh $alias does not answer, see $log_dir/sshd-*.log"
  done
else
  for port in "$access_port" "$viz_port"; do
    wait_until 30 ssh_greets "$port" || die "sshd on port $port does not answer, see $log_dir/sshd-*.log"
  done
fi

# Whether others may read a file: its mode, and every folder above it searchable (no `su` needed).
others_can_read() { # file
  local path=$1 mode
  mode=$(stat -c %A "$path") && [[ ${mode:7:1} == r ]] || return 1
  while [[ $path != / ]]; do
    path=$(dirname "$path")
    mode=$(stat -c %A "$path") && [[ ${mode:9:1} == [xt] ]] || return 1
  done
}
others_can_read "$slurm_conf" ||
  say "warning: $ordinary_user cannot read $slurm_conf: the viewer benchmark needs a cluster folder others can reach (APPFRAMEWORK_CLUSTER_DIR)"

# --- Facts for tests and people ----------------------------------------------------------------
write_config "$cluster_dir/cluster.env" <<EOF
# Source this file to use the sandbox cluster's Slurm and ssh config from a shell.
export SLURM_CONF=$slurm_conf
export APPFRAMEWORK_CLUSTER_DIR=$cluster_dir
export APPFRAMEWORK_SSH_CONFIG=$ssh_dir/config
EOF

write_config "$cluster_dir/cluster.json" <<EOF
{
  "dir": "$cluster_dir",
  "node": "$node",
  "partition": "viz",
  "slurmVersion": "$slurm_version",
  "ports": { "access": $access_port, "viz": $viz_port, "slurmctld": $slurmctld_port, "slurmd": $slurmd_port },
  "sshConfig": "$ssh_dir/config",
  "knownHosts": "$ssh_dir/known_hosts",
  "authorizedKeys": "$ssh_dir/authorized_keys",
  "userKey": "$keys_dir/id_ed25519",
  "encryptedKey": "$keys_dir/id_ed25519_encrypted",
  "encryptedKeyPassphrase": "$passphrase",
  "hostKeys": { "access": "$ssh_dir/access/ssh_host_ed25519_key.pub", "viz": "$ssh_dir/viz/ssh_host_ed25519_key.pub" },
  "envFile": "$cluster_dir/cluster.env",
  "slurmEnv": { "SLURM_CONF": "$slurm_conf" },
  "logDir": "$log_dir"
}
EOF
say "up: ssh -F $ssh_dir/config af-access | viz-node001; Slurm: source $cluster_dir/cluster.env"
printf '%s\n' "$cluster_dir/cluster.json"
