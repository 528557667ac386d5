// Resolves a destination the way OpenSSH would from ~/.ssh/config and /etc/ssh/ssh_config:
// Include (with globs) is expanded here because the `ssh-config` package does not follow it,
// `Match exec` is never run, and ProxyJump chains become a list of hops.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import SSHConfig, { LineType, type Line } from 'ssh-config';
import { SshConfigProblem } from '../errors';
import { validated, validatedPort } from '../validate';
import { matchesPatternList } from './patterns';

export interface SshConfigSources {
  /** The user's config; default `~/.ssh/config`. null reads none. */
  readonly userConfig?: string | null;
  /** The system config; default `/etc/ssh/ssh_config`. null reads none. */
  readonly systemConfig?: string | null;
  /** Home directory for `~` and `%d`; default the current user's. */
  readonly homeDir?: string;
}

/** Values set explicitly (e.g. from VS Code settings); they win over every config file. */
export interface SshOverrides {
  readonly hostName?: string;
  readonly port?: number;
  readonly user?: string;
  readonly identityFiles?: readonly string[];
  readonly identitiesOnly?: boolean;
  /** Comma-separated jump hosts, or "none". */
  readonly proxyJump?: string;
  readonly knownHostsFiles?: readonly string[];
  readonly strictHostKeyChecking?: StrictHostKeyChecking;
}

export type StrictHostKeyChecking = 'yes' | 'ask' | 'accept-new' | 'no';

/** One machine on the way, with everything needed to connect and authenticate to it. */
export interface ResolvedHop {
  /** The destination as asked for (alias or user@host:port). */
  readonly alias: string;
  readonly hostName: string;
  readonly port: number;
  readonly user: string;
  /** Absolute paths, in order; default keys (~/.ssh/id_*) when none is configured. */
  readonly identityFiles: readonly string[];
  /** True when IdentityFile was configured (missing files are then worth a warning). */
  readonly identityFilesConfigured: boolean;
  readonly identitiesOnly: boolean;
  /** Agent socket from IdentityAgent; undefined means SSH_AUTH_SOCK, "none" disables the agent. */
  readonly identityAgent?: string;
  /** Where keys are looked up; the first one receives approved keys. */
  readonly knownHostsFiles: readonly string[];
  readonly globalKnownHostsFiles: readonly string[];
  readonly strictHostKeyChecking: StrictHostKeyChecking;
  readonly hashKnownHosts: boolean;
  /** Name used in known_hosts instead of hostName:port. */
  readonly hostKeyAlias?: string;
  readonly connectTimeoutMs?: number;
  readonly serverAliveIntervalMs: number;
  readonly serverAliveCountMax: number;
  /** BatchMode: never ask the user anything. */
  readonly batchMode: boolean;
  readonly keyboardInteractive: boolean;
  /** Jump hosts from ProxyJump, first hop first. */
  readonly proxyJump: readonly string[];
}

export interface Destination {
  readonly user?: string;
  readonly host: string;
  readonly port?: number;
}

/** Parses `[ssh://][user@]host[:port]` (the ProxyJump syntax, also accepted as a target). */
export function parseDestination(spec: string): Destination {
  const text = spec.replace(/^ssh:\/\//, '');
  const match = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s]+)(?::(\d+))?$/.exec(text);
  if (!match) throw new SshConfigProblem(spec, 'expected an alias or [user@]host[:port]');
  const host = match[2].replace(/^\[(.*)\]$/, '$1');
  if (!/^[A-Za-z0-9._:%-]+$/.test(host)) throw new SshConfigProblem(spec, `"${host}" is not a host name or alias`);
  return {
    user: match[1] === undefined ? undefined : validated('userName', match[1]),
    host,
    port: match[3] === undefined ? undefined : validatedPort(Number(match[3])),
  };
}

const MAX_INCLUDE_DEPTH = 16;
const MAX_JUMPS = 16;

/** Resolves one destination, ignoring how it is reached (see resolveRoute for that). */
export function resolveHop(spec: string, sources: SshConfigSources = {}, overrides: SshOverrides = {}): ResolvedHop {
  const home = sources.homeDir ?? os.homedir();
  const destination = parseDestination(spec);
  const config = loadConfig(destination.host, sources, home);
  const options = { ignoreCase: true, matchExec: false };
  const values =
    destination.user === undefined
      ? config.compute(destination.host, options)
      : config.compute({ Host: destination.host, User: destination.user }, options);
  const get = (key: string): string | undefined => {
    const value = values[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const list = (key: string): string[] | undefined => {
    const value = values[key];
    if (value === undefined) return undefined;
    return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(/\s+/)).filter(Boolean);
  };
  const yes = (key: string, fallback: boolean) => {
    const value = get(key)?.toLowerCase();
    return value === undefined ? fallback : value === 'yes' || value === 'true';
  };

  const localUser = safeUserName();
  const hostName = overrides.hostName ?? (get('hostname') ?? destination.host).replace(/%h/g, destination.host);
  const port = overrides.port ?? destination.port ?? numberValue(get('port'), spec, 'Port') ?? 22;
  const user = overrides.user ?? destination.user ?? get('user') ?? localUser;
  const tokens: Record<string, string> = {
    '%': '%', d: home, h: hostName, p: String(port), r: user, u: localUser, n: destination.host, l: os.hostname().split('.')[0],
  };
  const expand = (value: string) => expandPath(value, tokens, home);

  if (get('proxycommand') && get('proxycommand')?.toLowerCase() !== 'none' && !get('proxyjump') && !overrides.proxyJump) {
    throw new SshConfigProblem(spec, 'ProxyCommand is not supported; use ProxyJump instead');
  }
  const configuredIdentities = overrides.identityFiles ?? list('identityfile');
  const identityFiles = configuredIdentities
    ? configuredIdentities.map(expand)
    : ['id_rsa', 'id_ecdsa', 'id_ed25519'].map((name) => path.join(home, '.ssh', name));
  const userKnown = overrides.knownHostsFiles ?? list('userknownhostsfile') ?? ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'];
  const globalKnown = list('globalknownhostsfile') ?? ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];
  const jump = overrides.proxyJump ?? get('proxyjump');
  const agent = get('identityagent');
  const aliveInterval = numberValue(get('serveraliveinterval'), spec, 'ServerAliveInterval');
  const connectTimeout = numberValue(get('connecttimeout'), spec, 'ConnectTimeout');

  return {
    alias: spec,
    hostName,
    port,
    user,
    identityFiles,
    identityFilesConfigured: configuredIdentities !== undefined,
    identitiesOnly: overrides.identitiesOnly ?? yes('identitiesonly', false),
    identityAgent: agent === undefined || agent === 'SSH_AUTH_SOCK' ? undefined : agent.toLowerCase() === 'none' ? 'none' : expand(agent),
    knownHostsFiles: userKnown.filter((f) => f.toLowerCase() !== 'none').map(expand),
    globalKnownHostsFiles: globalKnown.filter((f) => f.toLowerCase() !== 'none').map(expand),
    strictHostKeyChecking: overrides.strictHostKeyChecking ?? strictness(get('stricthostkeychecking')),
    hashKnownHosts: yes('hashknownhosts', false),
    hostKeyAlias: get('hostkeyalias'),
    connectTimeoutMs: connectTimeout === undefined ? undefined : connectTimeout * 1000,
    // OpenSSH sends no keepalives by default; a pooled connection needs them to notice a drop.
    serverAliveIntervalMs: (aliveInterval || 15) * 1000,
    serverAliveCountMax: numberValue(get('serveralivecountmax'), spec, 'ServerAliveCountMax') ?? 3,
    batchMode: yes('batchmode', false),
    keyboardInteractive: yes('kbdinteractiveauthentication', yes('challengeresponseauthentication', true)),
    proxyJump: !jump || jump.toLowerCase() === 'none' ? [] : jump.split(',').map((s) => s.trim()).filter(Boolean),
  };
}

/**
 * The hops to reach `spec`, first hop first, the destination last. `ProxyJump a,b` reaches b
 * through a, with b's own ProxyJump ignored and a's honoured, as `ssh -J a b` does.
 */
export function resolveRoute(spec: string, sources: SshConfigSources = {}, overrides: SshOverrides = {}): ResolvedHop[] {
  return routeTo(spec, sources, overrides, undefined, [], 0);
}

function routeTo(
  spec: string,
  sources: SshConfigSources,
  overrides: SshOverrides,
  jumpsOverride: readonly string[] | undefined,
  seen: readonly string[],
  depth: number,
): ResolvedHop[] {
  if (depth > MAX_JUMPS) throw new SshConfigProblem(spec, `ProxyJump chain longer than ${MAX_JUMPS} hops`);
  const hop = resolveHop(spec, sources, overrides);
  const key = `${hop.user}@${hop.hostName}:${hop.port}`;
  if (seen.includes(key)) throw new SshConfigProblem(spec, `ProxyJump loops back to ${key}`);
  const jumps = jumpsOverride ?? hop.proxyJump;
  if (jumps.length === 0) return [hop];
  const last = jumps[jumps.length - 1];
  const before = jumps.slice(0, -1);
  return [...routeTo(last, sources, {}, before.length ? before : undefined, [...seen, key], depth + 1), hop];
}

// --- Reading the files ----------------------------------------------------------------------

/** The user's and the system's config, Include expanded and Host blocks pre-selected for `host`. */
function loadConfig(host: string, sources: SshConfigSources, home: string): SSHConfig {
  const out = SSHConfig.parse('');
  const userConfig = sources.userConfig === undefined ? path.join(home, '.ssh', 'config') : sources.userConfig;
  const systemConfig = sources.systemConfig === undefined ? '/etc/ssh/ssh_config' : sources.systemConfig;
  if (userConfig) readInto(out, userConfig, path.join(home, '.ssh'), host, home, 0);
  if (systemConfig) readInto(out, systemConfig, '/etc/ssh', host, home, 0);
  return out;
}

function readInto(out: Line[], file: string, includeBase: string, host: string, home: string, depth: number): void {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return; // A missing config file is not an error for ssh either.
  }
  let parsed: SSHConfig;
  try {
    parsed = SSHConfig.parse(text);
  } catch (error) {
    throw new SshConfigProblem(host, `${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  flatten(out, parsed, { includeBase, host, home, depth, file });
}

interface FlattenContext {
  readonly includeBase: string;
  readonly host: string;
  readonly home: string;
  readonly depth: number;
  readonly file: string;
}

/**
 * Copies directives in order: a `Host` block that matches contributes its lines as if they were
 * global, one that does not match is dropped with everything it includes (OpenSSH's rule), and
 * `Match` blocks stay for `compute` to evaluate. After an Include, the enclosing context resumes,
 * which this order preserves.
 */
function flatten(out: Line[], lines: readonly Line[], ctx: FlattenContext): void {
  for (const line of lines) {
    if (line.type !== LineType.DIRECTIVE) continue;
    const param = line.param.toLowerCase();
    if (param === 'include') {
      if (ctx.depth >= MAX_INCLUDE_DEPTH) throw new SshConfigProblem(ctx.host, `${ctx.file}: Include nested too deeply`);
      for (const pattern of words(line.value)) {
        for (const file of expandInclude(pattern, ctx.includeBase, ctx.home)) {
          readInto(out, file, ctx.includeBase, ctx.host, ctx.home, ctx.depth + 1);
        }
      }
    } else if (param === 'host') {
      if ('config' in line && matchesPatternList(words(line.value), ctx.host)) flatten(out, line.config, ctx);
    } else if (param === 'match') {
      if (!('config' in line)) continue;
      const inner = SSHConfig.parse('');
      flatten(inner, line.config, ctx);
      out.push({ ...line, config: inner });
    } else if (param === 'canonicalizehostname' || param === 'canonicaldomains') {
      // Dropped: `ssh-config` would run nslookup for them; ssh2 connects to HostName as given.
    } else {
      out.push(line);
    }
  }
}

function words(value: string | readonly { val: string }[]): string[] {
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value.map((v) => v.val);
}

/** Include paths: `~` is home, relative ones start at ~/.ssh (or /etc/ssh), globs as glob(3). */
export function expandInclude(pattern: string, base: string, home: string): string[] {
  const absolute = pattern.startsWith('~') ? path.join(home, pattern.slice(1)) : path.isAbsolute(pattern) ? pattern : path.join(base, pattern);
  let candidates = ['/'];
  for (const part of absolute.split('/').filter(Boolean)) {
    const next: string[] = [];
    for (const dir of candidates) {
      if (!/[*?[]/.test(part)) {
        next.push(path.join(dir, part));
        continue;
      }
      const matcher = globPart(part);
      let names: string[] = [];
      try {
        names = fs.readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names.sort()) if (matcher.test(name)) next.push(path.join(dir, name));
    }
    candidates = next;
  }
  return candidates.filter((file) => {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

function globPart(part: string): RegExp {
  let body = '';
  for (let i = 0; i < part.length; i++) {
    const c = part[i];
    if (c === '*') body += '[^/]*';
    else if (c === '?') body += '[^/]';
    else if (c === '[') {
      const end = part.indexOf(']', i + 1);
      if (end < 0) body += '\\[';
      else {
        body += `[${part.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else body += c.replace(/[\\^$.+()[\]{}|]/g, '\\$&');
  }
  // Like glob(3): wildcards do not match a leading dot.
  return new RegExp(part.startsWith('.') ? `^${body}$` : `^(?!\\.)${body}$`);
}

/** `~` and the %-tokens OpenSSH accepts in IdentityFile, UserKnownHostsFile and IdentityAgent. */
export function expandPath(value: string, tokens: Record<string, string>, home: string): string {
  let result = value.replace(/^~(?=\/|$)/, home);
  result = result.replace(/%(.)/g, (whole, token: string) => tokens[token] ?? whole);
  result = result.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => process.env[name] ?? '');
  return path.isAbsolute(result) ? result : path.join(home, '.ssh', result);
}

function strictness(value: string | undefined): StrictHostKeyChecking {
  switch (value?.toLowerCase()) {
    case 'yes':
    case 'true':
      return 'yes';
    case 'no':
    case 'off':
    case 'false':
      return 'no';
    case 'accept-new':
      return 'accept-new';
    default:
      return 'ask';
  }
}

function numberValue(value: string | undefined, spec: string, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new SshConfigProblem(spec, `${name} "${value}" is not a number`);
  return Number(value);
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'root';
  }
}
