// Authentication in OpenSSH's order: ssh-agent, then identity files (an encrypted key's
// passphrase is asked once and kept in memory), then keyboard-interactive when allowed.
import * as fs from 'node:fs';
import { OpenSSHAgent, utils, type AnyAuthMethod, type AuthHandlerMiddleware, type ParsedKey } from 'ssh2';
import type { ResolvedHop } from './config';

export interface KeyboardInteractiveRequest {
  readonly host: string;
  readonly name: string;
  readonly instructions: string;
  readonly prompts: readonly { readonly prompt: string; readonly echo: boolean }[];
}

export interface HostKeyQuestion {
  readonly host: string;
  /** The name that will be written to known_hosts, e.g. `[127.0.0.1]:2222`. */
  readonly knownHostsName: string;
  readonly keyType: string;
  readonly fingerprint: string;
  /** Where the key will be remembered. */
  readonly knownHostsFile: string;
  /** Other key types already known for this host (a new type is suspicious). */
  readonly otherKnownTypes: readonly string[];
}

/** How the host layer asks the user; VS Code wires these to dialogs, the CLI to the terminal. */
export interface SshPrompts {
  /** An unknown host key: true trusts it and appends it to known_hosts. */
  confirmHostKey?(question: HostKeyQuestion): Promise<boolean>;
  /** Passphrase of an encrypted private key; undefined skips the key. */
  passphrase?(keyFile: string, attempt: number): Promise<string | undefined>;
  /** Answers to a keyboard-interactive round, in order; undefined gives up. */
  keyboardInteractive?(request: KeyboardInteractiveRequest): Promise<string[] | undefined>;
}

/** Passphrases given during this session, by key file; never written anywhere. */
export class PassphraseCache {
  private readonly byFile = new Map<string, string>();
  get(file: string): string | undefined {
    return this.byFile.get(file);
  }
  set(file: string, passphrase: string): void {
    this.byFile.set(file, passphrase);
  }
  clear(): void {
    this.byFile.clear();
  }
}

export interface AuthOptions {
  readonly hop: ResolvedHop;
  readonly label: string;
  readonly prompts: SshPrompts;
  readonly passphrases: PassphraseCache;
  /** Agent socket; undefined: none. */
  readonly agentSocket?: string;
}

export interface AuthTracker {
  readonly handler: AuthHandlerMiddleware;
  /** What was tried, for AuthFailed. */
  readonly tried: string[];
  /** Methods the server accepts (from its failure replies). */
  readonly allowed: () => readonly string[];
}

const MAX_PASSPHRASE_ATTEMPTS = 3;

export function createAuthHandler(options: AuthOptions): AuthTracker {
  const { hop, prompts, passphrases } = options;
  const username = hop.user;
  const tried: string[] = [];
  let allowed: readonly string[] = [];
  const canAsk = !hop.batchMode;

  type Step = () => Promise<AnyAuthMethod | undefined>;
  const steps: Step[] = [];

  if (options.agentSocket) {
    const socket = options.agentSocket;
    steps.push(async () => {
      if (!allowed.includes('publickey')) return undefined;
      const agent = hop.identitiesOnly ? await restrictedAgent(socket, hop.identityFiles) : new OpenSSHAgent(socket);
      if (!agent) return undefined;
      tried.push('publickey (agent)');
      return { type: 'agent', username, agent };
    });
  }
  for (const file of hop.identityFiles) {
    steps.push(async () => {
      if (!allowed.includes('publickey')) return undefined;
      const loaded = await loadKey(file, canAsk ? prompts : {}, passphrases);
      if (loaded.kind === 'missing') {
        if (hop.identityFilesConfigured) tried.push(`publickey (${file}: no such file)`);
        return undefined;
      }
      if (loaded.kind === 'unusable') {
        tried.push(`publickey (${file}: ${loaded.reason})`);
        return undefined;
      }
      tried.push(`publickey (${file})`);
      return { type: 'publickey', username, key: loaded.key };
    });
  }
  const ask = prompts.keyboardInteractive;
  if (hop.keyboardInteractive && ask && canAsk) {
    steps.push(async () => {
      if (!allowed.includes('keyboard-interactive')) return undefined;
      tried.push('keyboard-interactive');
      return {
        type: 'keyboard-interactive',
        username,
        prompt: (name: string, instructions: string, _lang: string, questions: { prompt: string; echo: boolean }[], finish: (answers: string[]) => void) => {
          ask({ host: options.label, name, instructions, prompts: questions }).then(
            (answers) => finish(answers ?? []),
            () => finish([]),
          );
        },
      };
    });
  }

  let started = false;
  const handler: AuthHandlerMiddleware = (methodsLeft, _partialSuccess, callback) => {
    if (!started) {
      // Ask with "none" first: the reply lists the methods worth trying.
      started = true;
      callback({ type: 'none', username });
      return;
    }
    if (methodsLeft) allowed = methodsLeft;
    const next = async (): Promise<AnyAuthMethod | false> => {
      while (steps.length) {
        const step = steps.shift();
        const attempt = step ? await step() : undefined;
        if (attempt) return attempt;
      }
      return false;
    };
    // ssh2 accepts `false` for "nothing left", which its types do not say.
    const done = callback as (next: AnyAuthMethod | false) => void;
    next().then(done, () => done(false));
  };
  return { handler, tried, allowed: () => allowed };
}

type LoadedKey = { kind: 'key'; key: ParsedKey } | { kind: 'missing' } | { kind: 'unusable'; reason: string };

/** Reads a private key, asking for its passphrase (once per file, then from memory) when encrypted. */
export async function loadKey(file: string, prompts: SshPrompts, passphrases: PassphraseCache): Promise<LoadedKey> {
  let data: Buffer;
  try {
    data = await fs.promises.readFile(file);
  } catch {
    return { kind: 'missing' };
  }
  const parse = (passphrase?: string) => {
    const parsed = utils.parseKey(data, passphrase);
    return Array.isArray(parsed) ? parsed[0] : parsed;
  };
  const cached = passphrases.get(file);
  let parsed = parse(cached);
  if (!(parsed instanceof Error)) return { kind: 'key', key: parsed };
  if (!/encrypted|passphrase|decrypt/i.test(parsed.message)) {
    const pkcs8 = data.toString('latin1', 0, 64).includes('-----BEGIN PRIVATE KEY-----');
    return { kind: 'unusable', reason: pkcs8 ? 'PKCS#8 format is not supported, convert it with ssh-keygen -p' : parsed.message };
  }
  if (!prompts.passphrase) return { kind: 'unusable', reason: 'encrypted and no way to ask for its passphrase' };
  for (let attempt = 1; attempt <= MAX_PASSPHRASE_ATTEMPTS; attempt++) {
    const passphrase = await prompts.passphrase(file, attempt);
    if (passphrase === undefined) return { kind: 'unusable', reason: 'passphrase not given' };
    parsed = parse(passphrase);
    if (!(parsed instanceof Error)) {
      passphrases.set(file, passphrase);
      return { kind: 'key', key: parsed };
    }
  }
  return { kind: 'unusable', reason: 'wrong passphrase' };
}

/** The agent, offering only the keys named by IdentityFile (IdentitiesOnly yes). */
async function restrictedAgent(socket: string, identityFiles: readonly string[]): Promise<OpenSSHAgent | undefined> {
  const wanted: Buffer[] = [];
  for (const file of identityFiles) {
    for (const candidate of [`${file}.pub`, file]) {
      try {
        const parsed = utils.parseKey(await fs.promises.readFile(candidate));
        const key = Array.isArray(parsed) ? parsed[0] : parsed;
        if (!(key instanceof Error)) {
          wanted.push(key.getPublicSSH());
          break;
        }
      } catch {
        // Try the next form.
      }
    }
  }
  if (wanted.length === 0) return undefined;
  return new (class extends OpenSSHAgent {
    override getIdentities(cb: Parameters<OpenSSHAgent['getIdentities']>[0]): void {
      super.getIdentities((err, keys) => {
        if (err || !keys) return cb(err, keys);
        const isWanted = (key: (typeof keys)[number]) =>
          'getPublicSSH' in key && wanted.some((w) => w.equals((key as ParsedKey).getPublicSSH()));
        cb(err, keys.filter(isWanted));
      });
    }
  })(socket);
}
