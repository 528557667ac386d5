#!/usr/bin/env bash
# The one-command sandbox for trying the extension without VS Code and without a cluster:
#   1. brings up the loopback sandbox cluster (test/cluster/up.sh: Slurm, and OpenSSH servers
#      standing for the access node af-access and the visualization node viz-node001);
#   2. packages the extension (npm run package) and installs the .vsix into code-server
#      (VS Code in the browser, installed by test/editor/install-code-server.sh);
#   3. copies the sample project (test/fixtures/workspace) into the sandbox folder, with an
#      appframework.yaml naming the sandbox hosts, and points the extension at the sandbox's
#      ssh config (setting appframework.ssh.configFile);
#   4. serves code-server on 127.0.0.1 and prints the address to open; Ctrl-C stops it.
# The cluster keeps running afterwards: `npm run cluster:down` stops it.
#
#   APPFRAMEWORK_SANDBOX_PORT   code-server's port on 127.0.0.1 (default 42280)
#   APPFRAMEWORK_SANDBOX_DIR    the sandbox's state (default <cluster folder>/sandbox)
#
# Runs as root (the cluster starts sshd and the Slurm daemons): sudo npm run sandbox
set -euo pipefail

say() { printf 'sandbox: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
(($# == 0)) || die "no arguments expected; settings come from APPFRAMEWORK_SANDBOX_PORT and APPFRAMEWORK_SANDBOX_DIR"

[[ $(id -u) == 0 ]] || die "needs root (the sandbox cluster starts sshd and the Slurm daemons): sudo npm run sandbox"
[[ -d $repo/node_modules/@vscode/vsce ]] || die "run npm ci first"
port=${APPFRAMEWORK_SANDBOX_PORT:-42280}
[[ $port =~ ^[0-9]+$ ]] && ((port >= 1024 && port <= 65535)) || die "APPFRAMEWORK_SANDBOX_PORT must be a port number from 1024 to 65535"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  die "port $port on 127.0.0.1 is in use: set APPFRAMEWORK_SANDBOX_PORT to another port"
fi

say "starting the sandbox cluster (the first time installs Debian packages)"
cluster_json=$(bash "$repo/test/cluster/up.sh" | tail -n 1)
cluster_value() { node -e 'const c = require(process.argv[1]); process.stdout.write(String(process.argv[2].split(".").reduce((v, k) => v[k], c)))' "$cluster_json" "$1"; }
cluster_dir=$(cluster_value dir)
ssh_config=$(cluster_value sshConfig)

sandbox=${APPFRAMEWORK_SANDBOX_DIR:-$cluster_dir/sandbox}
# The path goes into settings.json, appframework.yaml and URLs: keep it plain.
[[ $sandbox =~ ^/[A-Za-z0-9._/-]+$ ]] || die "APPFRAMEWORK_SANDBOX_DIR must be an absolute path of letters, digits, '.', '_', '-' and '/': $sandbox"
mkdir -p "$sandbox"

say "installing code-server (the first time takes a few minutes)"
code_server=$(bash "$repo/test/editor/install-code-server.sh" | tail -n 1)
[[ -x $code_server ]] || die "install-code-server.sh printed no code-server binary"

say "packaging the extension"
version=$(node -p 'require(process.argv[1]).version' "$repo/package.json")
vsix=$sandbox/appframework-vscode-$version.vsix
(cd "$repo" && npm run --silent package -- --out "$vsix" >"$sandbox/package.log" 2>&1) ||
  die "npm run package failed, see $sandbox/package.log"

data=$sandbox/code-server
mkdir -p "$data/user-data/User" "$data/user-data/Machine" "$data/extensions"
# An explicit config file: otherwise code-server writes one with a password into the home folder.
printf 'auth: none\ncert: false\n' >"$data/config.yaml"
# The ssh config is a path on the machine the extension runs on: a machine-scoped setting, which a
# remote window (code-server's is one) takes from the remote settings only, not the user's.
cat >"$data/user-data/Machine/settings.json" <<EOF
{
  "appframework.ssh.configFile": "$ssh_config"
}
EOF
cat >"$data/user-data/User/settings.json" <<EOF
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "telemetry.telemetryLevel": "off"
}
EOF
code_server_args=(--config "$data/config.yaml" --user-data-dir "$data/user-data" --extensions-dir "$data/extensions")
# code-server keeps some state under XDG folders; an empty gallery keeps the marketplace off (no network).
export XDG_CONFIG_HOME=$data/xdg-config XDG_DATA_HOME=$data/xdg-data EXTENSIONS_GALLERY='{}'
"$code_server" "${code_server_args[@]}" --force --install-extension "$vsix" >"$data/install.log" 2>&1 ||
  die "code-server could not install $vsix, see $data/install.log"

# The sample project: copied once, so changes made in the sandbox survive the next start.
workspace=$sandbox/workspace/dashboard/app_5174
if [[ ! -d $workspace ]]; then
  mkdir -p "$sandbox/workspace"
  cp -R "$repo/test/fixtures/workspace/dashboard" "$sandbox/workspace/"
  cat >"$workspace/appframework.yaml" <<'EOF'
# The sandbox cluster: af-access runs Slurm (sbatch, squeue), viz-node001 is the visualization
# node (reached through af-access). Both are aliases of the ssh config that the setting
# appframework.ssh.configFile names.
hosts:
  access: af-access
  viz: [viz-node001]
EOF
fi

url="http://127.0.0.1:$port/?folder=$workspace"
say "open $url (Ctrl-C stops VS Code; npm run cluster:down stops the cluster)"
printf '%s\n' "$url"
# Loopback only, and no password: anyone who can open 127.0.0.1 on this machine can use it.
exec "$code_server" "${code_server_args[@]}" --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry \
  --disable-update-check --disable-workspace-trust "$workspace"
