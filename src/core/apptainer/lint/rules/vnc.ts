import type { ShellCommand, ShellWord } from '../../shell/script';
import type { Range } from '../../types';
import type { Script } from '../context';
import type { LintRule, RuleHit } from '../rule';
import { assignmentsOf, commandName, isLiteral } from '../shellWords';

const passwordTools = new Set(['vncpasswd', 'tigervncpasswd', 'x11vncpasswd']);
const vncServers = new Set(['vncserver', 'tigervncserver', 'Xvnc', 'Xtigervnc', 'x0vncserver', 'Xvfb']);
const portVariable = /^(VNC|RFB|NOVNC|WEBSOCKIFY)_?PORT$/i;

function span(a: Range, b: Range): Range {
  return a.start.line === b.start.line ? { start: a.start, end: b.end } : b;
}

const scriptCommands = (scripts: Script[]) => scripts.flatMap((s) => s.commands);

/** A literal password written into the image: `echo secret | vncpasswd -f`, here-strings, here-documents, x11vnc -storepasswd. */
function bakedPassword(command: ShellCommand): RuleHit | undefined {
  const name = commandName(command) ?? '';
  const tool = command.name;
  if (!tool) return undefined;
  const message = `a password written in the definition is baked into every image built from it: read it at run time (e.g. from a file the job creates with mode 600) instead`;
  if (passwordTools.has(name)) {
    const feeder = command.pipedFrom;
    const feederName = feeder ? commandName(feeder) : undefined;
    if (feeder?.name && (feederName === 'echo' || feederName === 'printf')) {
      const literal = feeder.args.filter((a) => !a.value.startsWith('-'));
      if (literal.length > 0 && literal.every(isLiteral)) return { range: span(feeder.name.range, tool.range), message };
    }
    const hereString = command.redirects.find((r) => r.op === '<<<')?.target;
    if (hereString && isLiteral(hereString)) return { range: span(hereString.range, tool.range), message };
    if (command.heredoc !== undefined && !/[$`]|\{\{/.test(command.heredoc) && command.heredoc.trim() !== '') return { range: tool.range, message };
  }
  if (name === 'x11vnc') {
    const i = command.args.findIndex((a) => a.value === '-storepasswd' || a.value === '-passwd');
    const value = command.args[i + 1];
    if (i >= 0 && value && !value.value.startsWith('-') && isLiteral(value)) return { range: span(command.args[i].range, value.range), message };
  }
  return undefined;
}

export const vncPasswordBaked: LintRule = {
  code: 'AFL007',
  severity: 'error',
  summary: 'VNC password written literally into the image',
  check: (ctx) => scriptCommands(ctx.scripts()).flatMap((c) => bakedPassword(c) ?? []),
};

function fixedDisplayOrPort(command: ShellCommand): RuleHit[] {
  const hits: RuleHit[] = [];
  const collide = 'two sessions on one node collide';
  for (const a of assignmentsOf(command)) {
    if (a.name === 'DISPLAY' && /^:\d+(\.\d+)?$/.test(a.value) && isLiteral(a.word)) {
      hits.push({ range: a.word.range, message: `fixed display ${a.value}: ${collide}; take the display number from the job (e.g. DISPLAY=":$DISPLAY_NUM")` });
    } else if (portVariable.test(a.name) && /^\d+$/.test(a.value)) {
      hits.push({ range: a.word.range, message: `fixed port ${a.name}=${a.value}: ${collide}; let the job pass a free port (--env ${a.name}=...) and keep at most a default such as \${${a.name}:-${a.value}}` });
    }
  }
  const name = commandName(command) ?? '';
  if (vncServers.has(name)) {
    for (const [i, arg] of command.args.entries()) {
      if (/^:\d+$/.test(arg.value)) {
        hits.push({ range: arg.range, message: `fixed display ${arg.value}: ${collide}; pass the display number from the job` });
      } else if ((arg.value === '-rfbport' || arg.value === '-rfbport=') && /^\d+$/.test(command.args[i + 1]?.value ?? '')) {
        const port = command.args[i + 1];
        hits.push({ range: span(arg.range, port.range), message: `fixed VNC port ${port.value}: ${collide}; pass the port from the job` });
      } else if (/^-rfbport=\d+$/.test(arg.value)) {
        hits.push({ range: arg.range, message: `fixed VNC port: ${collide}; pass the port from the job` });
      }
    }
  }
  return hits;
}

export const vncFixedDisplay: LintRule = {
  code: 'AFL008',
  severity: 'warning',
  summary: 'fixed X display or VNC port',
  check: (ctx) => scriptCommands(ctx.scripts()).flatMap(fixedDisplayOrPort),
};

const websockifyValueOptions = new Set([
  '--web',
  '--cert',
  '--key',
  '--key-password',
  '--ssl-version',
  '--ssl-ciphers',
  '--cafile',
  '--timeout',
  '--idle-timeout',
  '--heartbeat',
  '--record',
  '--log-file',
  '--syslog',
  '--target-config',
  '--token-plugin',
  '--token-source',
  '--host-token',
  '--auth-plugin',
  '--auth-source',
  '--unix-target',
  '--unix-listen',
  '--unix-listen-mode',
  '--wrap-mode',
  '--web-auth',
]);

/**
 * `6080`, `:6080`, `0.0.0.0:6080`, `[::]:6080`, `*:6080` listen on every interface; so does a
 * bare `$WEBSOCKIFY_PORT` (a variable named like a port stands for a port without a host).
 */
function listensEverywhere(address: string): boolean {
  const plain = address.replace(/\$\{[^}]*\}|\$\w+/g, (v) => (/PORT/i.test(v) ? '1' : 'x'));
  if (/^:?\d+$/.test(plain)) return true;
  const colon = plain.lastIndexOf(':');
  if (colon < 0) return false;
  const host = plain.slice(0, colon).replace(/^\[|\]$/g, '');
  return host === '' || host === '0.0.0.0' || host === '::' || host === '*';
}

const exposed = 'anyone on the network can reach the desktop';

function allInterfaces(command: ShellCommand): RuleHit[] {
  const name = commandName(command) ?? '';
  const args = command.args;
  if (vncServers.has(name)) {
    const i = args.findIndex((a) => a.value === '-localhost' || a.value.startsWith('-localhost='));
    const value = args[i]?.value.includes('=') ? args[i].value.split('=')[1] : args[i + 1]?.value;
    if (i >= 0 && /^(no|0|false|off)$/i.test(value ?? '')) {
      const end = args[i].value.includes('=') ? args[i] : args[i + 1];
      return [{ range: span(args[i].range, end.range), message: `-localhost ${value}: the VNC server listens on every interface and ${exposed}; keep -localhost yes and reach it through websockify or an SSH tunnel` }];
    }
  }
  if (name === 'x11vnc' && !args.some((a) => a.value === '-localhost') && !args.some((a, i) => a.value === '-listen' && /^(localhost|127\.)/.test(args[i + 1]?.value ?? ''))) {
    return [{ range: (command.name as ShellWord).range, message: `x11vnc listens on every interface unless told otherwise and ${exposed}: add -localhost` }];
  }
  if (name === 'websockify') {
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (websockifyValueOptions.has(arg.value)) i++;
      else if (arg.value.startsWith('-')) continue;
      else if (listensEverywhere(arg.value)) {
        return [{ range: arg.range, message: `websockify listens on ${arg.value} (every interface) and ${exposed}: bind it to an address, e.g. 127.0.0.1:${arg.value.replace(/^.*:/, '')}` }];
      } else return [];
    }
  }
  if (name === 'novnc_proxy' || name === 'launch.sh') {
    const i = args.findIndex((a) => a.value === '--listen');
    const listen = args[i + 1];
    if (i < 0) return [{ range: (command.name as ShellWord).range, message: `${name} listens on port 6080 of every interface by default and ${exposed}: add --listen 127.0.0.1:PORT` }];
    if (listen && listensEverywhere(listen.value)) return [{ range: listen.range, message: `${name} --listen ${listen.value} listens on every interface and ${exposed}: use 127.0.0.1:PORT` }];
  }
  return [];
}

export const vncAllInterfaces: LintRule = {
  code: 'AFL009',
  severity: 'error',
  summary: 'VNC server or websockify listening on all interfaces',
  check: (ctx) => scriptCommands(ctx.scripts()).flatMap(allInterfaces),
};
