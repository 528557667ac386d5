// The files New App writes: the corrected VNC definition, the corrected Slurm job template and
// the registry entry. Every value interpolated here is validated by `newAppProblems` first.
import type { Json } from './registryEdit';

export type DefinitionBase = 'docker' | 'debootstrap';

export interface NewAppSpec {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Debian/Ubuntu packages that hold the app. */
  readonly packages: readonly string[];
  /** What %runscript starts inside the desktop; defaults to the first package's name. */
  readonly command: string;
  readonly base: DefinitionBase;
  /** `From:` for docker, `OSVersion:` for debootstrap. */
  readonly baseImage: string;
  /** `MirrorURL:` for debootstrap. */
  readonly mirrorUrl: string;
  readonly resolution: string;
  readonly resources: { readonly cpus: number; readonly memory: string; readonly partition: string; readonly time: string };
}

export const DEFAULT_BASE_IMAGE: Record<DefinitionBase, string> = { docker: 'ubuntu:22.04', debootstrap: 'bookworm' };
export const DEFAULT_MIRROR_URL = 'http://deb.debian.org/debian';
export const DEFAULT_RESOLUTION = '1280x720';

/** What runs the desktop in every app image, besides the app itself. */
export const VNC_PACKAGES = ['tigervnc-standalone-server', 'tigervnc-tools', 'websockify', 'dbus-x11', 'xfonts-base', 'x11-xserver-utils'];

function header(spec: NewAppSpec): string {
  return spec.base === 'docker'
    ? `Bootstrap: docker\nFrom: ${spec.baseImage}\n`
    : `Bootstrap: debootstrap\nOSVersion: ${spec.baseImage}\nMirrorURL: ${spec.mirrorUrl}\n`;
}

export function renderDefinition(spec: NewAppSpec): string {
  const packages = [...spec.packages, ...VNC_PACKAGES.filter((p) => !spec.packages.includes(p))];
  return `${header(spec)}
%labels
    org.appframework.app ${spec.id}

%help
    ${spec.name}: ${spec.description}
    Started by its Slurm job template, which passes DISPLAY, VNC_PORT, WEBSOCKIFY_PORT,
    VNC_RESOLUTION and VNC_PASSWORD_FILE (a file made by vncpasswd -f at run time).

%post
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends \\
        ${packages.join(' \\\n        ')}
    apt-get clean
    rm -rf /var/lib/apt/lists/*

%environment
    export VNC_PORT="\${VNC_PORT:-5901}"
    export WEBSOCKIFY_PORT="\${WEBSOCKIFY_PORT:-6080}"
    export WEBSOCKIFY_BIND="\${WEBSOCKIFY_BIND:-127.0.0.1}"
    export VNC_RESOLUTION="\${VNC_RESOLUTION:-${spec.resolution}}"

%runscript
    set -eu
    # The display follows the VNC port unless the job sets one, so sessions on a node never share it.
    export DISPLAY="\${DISPLAY:-:$((VNC_PORT - 5900))}"
    if [ -z "\${VNC_PASSWORD_FILE:-}" ] || [ ! -r "$VNC_PASSWORD_FILE" ]; then
        echo "VNC_PASSWORD_FILE must name a readable password file (vncpasswd -f)" >&2
        exit 1
    fi
    # Everything started here stops with the session.
    pids=""
    trap '[ -z "$pids" ] || kill $pids 2>/dev/null || true' EXIT
    trap 'exit 143' INT TERM HUP
    Xvnc "$DISPLAY" -geometry "$VNC_RESOLUTION" -depth 24 -rfbport "$VNC_PORT" -localhost yes \\
        -SecurityTypes VncAuth -PasswordFile "$VNC_PASSWORD_FILE" &
    pids="$!"
    display_number="\${DISPLAY#:}"
    tries=0
    until [ -S "/tmp/.X11-unix/X\${display_number%%.*}" ]; do
        tries=$((tries + 1))
        if [ "$tries" -gt 100 ]; then echo "Xvnc did not start on $DISPLAY" >&2; exit 1; fi
        sleep 0.1
    done
    ${spec.command} &
    pids="$pids $!"
    websockify "\${WEBSOCKIFY_BIND}:\${WEBSOCKIFY_PORT}" "127.0.0.1:\${VNC_PORT}" &
    websockify_pid=$!
    pids="$pids $websockify_pid"
    wait "$websockify_pid"
`;
}

export interface JobTemplateSpec {
  readonly id: string;
  readonly resources: NewAppSpec['resources'];
  readonly resolution: string;
  /** `<deploy.root>/<id>/<id>.sif`. */
  readonly imagePath: string;
  /** The configured info file pattern, holding `${SESSION_ID}`. */
  readonly infoFile: string;
}

export function renderJobTemplate(spec: JobTemplateSpec): string {
  const { id, resources } = spec;
  return `#!/bin/bash
#SBATCH --job-name=${id}_vnc
#SBATCH --partition=${resources.partition}
#SBATCH --nodes=1
#SBATCH --cpus-per-task=${resources.cpus}
#SBATCH --mem=${resources.memory}
#SBATCH --time=${resources.time}
#SBATCH --output=/tmp/${id}_vnc_%j.out
#SBATCH --error=/tmp/${id}_vnc_%j.err

set -eu
# Files this job makes (session info, VNC password) are readable by the job's user only.
umask 077

SESSION_ID=\${SESSION_ID:-"test-session"}   # passed by the backend: sbatch --export=ALL,SESSION_ID=...,VNC_PORT=...
VNC_PORT=\${VNC_PORT:-6080}                 # the websocket port noVNC connects to
APPTAINER_IMAGE="${spec.imagePath}"

case "$SESSION_ID" in
    ""|*[!A-Za-z0-9._-]*) echo "invalid SESSION_ID: $SESSION_ID" >&2; exit 2 ;;
esac
case "$VNC_PORT" in
    ""|*[!0-9]*) echo "invalid VNC_PORT: $VNC_PORT" >&2; exit 2 ;;
esac
if [ "$VNC_PORT" -lt 1024 ] || [ "$VNC_PORT" -gt 55535 ]; then
    echo "VNC_PORT must be between 1024 and 55535" >&2; exit 2
fi

# One X display and one VNC port per session, derived from the websocket port: two sessions
# on one node never collide.
DISPLAY_NUMBER=$VNC_PORT
RFB_PORT=$((VNC_PORT + 10000))

# A fresh VNC password for every session, never baked into the image.
SESSION_DIR=$(mktemp -d "\${TMPDIR:-/tmp}/${id}_vnc_\${SESSION_ID}.XXXXXX")
JOB_INFO_FILE="${spec.infoFile}"
cleanup() { rm -rf "$SESSION_DIR" "$JOB_INFO_FILE"; }
trap cleanup EXIT
trap 'exit 143' TERM INT HUP   # scancel: leave through the EXIT trap
VNC_PASSWORD=$(LC_ALL=C tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 8)
VNC_PASSWORD_FILE="$SESSION_DIR/passwd"
printf '%s\\n' "$VNC_PASSWORD" | apptainer exec --cleanenv "$APPTAINER_IMAGE" vncpasswd -f > "$VNC_PASSWORD_FILE"

cat > "$JOB_INFO_FILE" << EOF
JOB_ID=\${SLURM_JOB_ID:-}
NODE=\${SLURMD_NODENAME:-$(hostname)}
VNC_PORT=$VNC_PORT
SESSION_ID=$SESSION_ID
STATUS=running
START_TIME=$(date +%s)
NODE_IP=$(hostname -I 2>/dev/null | awk '{print $1}')
VNC_PASSWORD=$VNC_PASSWORD
EOF

apptainer run --cleanenv --bind "$SESSION_DIR" \\
    --env DISPLAY=":$DISPLAY_NUMBER" \\
    --env VNC_PORT="$RFB_PORT" \\
    --env WEBSOCKIFY_PORT="$VNC_PORT" \\
    --env WEBSOCKIFY_BIND="\${WEBSOCKIFY_BIND:-127.0.0.1}" \\
    --env VNC_RESOLUTION=${spec.resolution} \\
    --env VNC_PASSWORD_FILE="$VNC_PASSWORD_FILE" \\
    "$APPTAINER_IMAGE"
`;
}

/** apps.json spells memory the Kubernetes way: `2G` becomes `2Gi`. */
export function registryMemory(memory: string): string {
  return /[KMGT]$/.test(memory) ? `${memory}i` : `${memory}Mi`;
}

export function registryEntryOf(spec: NewAppSpec, jobTemplate: string): Record<string, Json> {
  return {
    id: spec.id,
    name: spec.name,
    description: spec.description,
    icon: `/static/icons/${spec.id}.png`,
    resources: { cpus: spec.resources.cpus, memory: registryMemory(spec.resources.memory), partition: spec.resources.partition },
    display: { type: 'novnc', resolution: spec.resolution },
    job_template: jobTemplate,
  };
}
