#!/usr/bin/env bash
# Stops the sandbox cluster started by up.sh: exactly the processes named by its pid files.
# `down.sh sshd-access` stops one component (up.sh starts it again); `down.sh --purge` also
# deletes the cluster folder.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

purge=
selected=()
for arg in "$@"; do
  case $arg in
    --purge) purge=1 ;;
    munged | slurmctld | slurmd | sshd-access | sshd-viz) selected+=("$arg") ;;
    *) die "unknown argument \"$arg\" (components: ${components[*]}, or --purge)" ;;
  esac
done
((${#selected[@]})) || selected=(sshd-viz sshd-access slurmd slurmctld munged)
[[ -d $cluster_dir ]] || exit 0

exec 9>"$cluster_dir/.lock"
flock 9

for name in "${selected[@]}"; do
  # Jobs run in slurmstepd processes of their own: cancel them while Slurm still answers.
  if [[ $name == slurmd ]] && is_running slurmctld && [[ -s $cluster_dir/slurm/slurm.conf ]]; then
    SLURM_CONF=$cluster_dir/slurm/slurm.conf scancel --full --partition=viz >/dev/null 2>&1 || true
  fi
  stop_component "$name"
done

if [[ -n $purge ]]; then
  rm -rf "$cluster_dir"
  say "removed $cluster_dir"
fi
