import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SshPool, isHostError, type HostKeyQuestion } from '../../../src/core/hosts';
import { clusterSshConfig, ensureCluster, type ClusterFacts } from '../../helpers/cluster';

let cluster: ClusterFacts;
let work: string;
const pools: SshPool[] = [];

before(async () => {
  cluster = await ensureCluster();
  work = mkdtempSync(join(tmpdir(), 'af-trust-'));
});
after(async () => {
  await Promise.all(pools.map((p) => p.dispose()));
  rmSync(work, { recursive: true, force: true });
});

function newPool(options: ConstructorParameters<typeof SshPool>[0] = {}): SshPool {
  const pool = new SshPool({ config: clusterSshConfig(cluster), agentSocket: '', ...options });
  pools.push(pool);
  return pool;
}

/** The fingerprint OpenSSH itself computes for a public key file. */
function sshKeygenFingerprint(pubFile: string): string {
  return execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubFile], { encoding: 'utf8' }).split(' ')[1];
}

function accessName(): string {
  return `[127.0.0.1]:${cluster.ports.access}`;
}

test('(integration) hosts trust: an unknown host key is shown with its fingerprint and appended on approval', async () => {
  const knownHosts = join(work, 'known_hosts_new');
  writeFileSync(knownHosts, '# nothing known yet\n');
  const questions: HostKeyQuestion[] = [];
  const pool = newPool({ prompts: { confirmHostKey: async (q) => (questions.push(q), true) } });
  const host = pool.host('af-access', { knownHostsFiles: [knownHosts], strictHostKeyChecking: 'ask' });
  assert.equal((await host.exec(['echo', 'trusted'])).stdout, 'trusted\n');

  assert.equal(questions.length, 1);
  assert.equal(questions[0].fingerprint, sshKeygenFingerprint(cluster.hostKeys.access));
  assert.equal(questions[0].keyType, 'ssh-ed25519');
  assert.equal(questions[0].knownHostsName, accessName());
  assert.equal(questions[0].knownHostsFile, knownHosts);
  // OpenSSH finds the appended line.
  const found = execFileSync('ssh-keygen', ['-F', accessName(), '-f', knownHosts], { encoding: 'utf8' });
  assert.match(found, /ssh-ed25519 AAAA/);

  // Known now: a fresh pool with strict checking and no prompt connects.
  const strict = newPool().host('af-access', { knownHostsFiles: [knownHosts], strictHostKeyChecking: 'yes' });
  assert.equal((await strict.exec(['true'])).exitCode, 0);
});

test('(integration) hosts trust: a declined or unconfirmable unknown key is refused and nothing is written', async () => {
  const knownHosts = join(work, 'known_hosts_declined');
  writeFileSync(knownHosts, '');
  const declining = newPool({ prompts: { confirmHostKey: async () => false } });
  await assert.rejects(declining.host('af-access', { knownHostsFiles: [knownHosts], strictHostKeyChecking: 'ask' }).exec(['true']), (error: unknown) => {
    assert.ok(isHostError(error) && error.kind === 'host-key-unknown');
    assert.equal(error.declined, true);
    assert.match(error.message, /was not accepted/);
    return true;
  });
  const strict = newPool({ prompts: { confirmHostKey: async () => assert.fail('strict checking never asks') } });
  await assert.rejects(strict.host('af-access', { knownHostsFiles: [knownHosts], strictHostKeyChecking: 'yes' }).exec(['true']), (error: unknown) => {
    assert.ok(isHostError(error) && error.kind === 'host-key-unknown');
    assert.ok(error.message.includes(knownHosts), error.message);
    assert.ok(error.message.includes(sshKeygenFingerprint(cluster.hostKeys.access)), error.message);
    return true;
  });
  assert.equal(readFileSync(knownHosts, 'utf8'), '');
});

test('(integration) hosts trust: a changed host key is refused naming the known_hosts file and line', async () => {
  const knownHosts = join(work, 'known_hosts_changed');
  // The viz node's key recorded for the access node's address: same type, different key.
  const vizKey = readFileSync(cluster.hostKeys.viz, 'utf8').split(' ').slice(0, 2).join(' ');
  writeFileSync(knownHosts, `# first line\nother.example ${vizKey}\n${accessName()} ${vizKey}\n`);
  const pool = newPool({ prompts: { confirmHostKey: async () => assert.fail('a changed key is never offered for approval') } });
  await assert.rejects(pool.host('af-access', { knownHostsFiles: [knownHosts] }).exec(['true']), (error: unknown) => {
    assert.ok(isHostError(error) && error.kind === 'host-key-changed');
    assert.equal(error.file, knownHosts);
    assert.equal(error.line, 3);
    assert.ok(error.message.includes(`${knownHosts}:3`), error.message);
    return true;
  });
});

test('(integration) hosts trust: hashed known_hosts entries are recognised', async () => {
  const knownHosts = join(work, 'known_hosts_hashed');
  writeFileSync(knownHosts, readFileSync(cluster.knownHosts));
  execFileSync('ssh-keygen', ['-H', '-f', knownHosts], { stdio: 'ignore' });
  assert.doesNotMatch(readFileSync(knownHosts, 'utf8'), /127\.0\.0\.1/);
  const pool = newPool();
  const host = pool.host('viz-node001', { knownHostsFiles: [knownHosts], strictHostKeyChecking: 'yes' });
  // The jump host still uses the cluster's plain known_hosts; the destination the hashed one.
  assert.equal((await host.exec(['echo', 'hashed ok'])).stdout, 'hashed ok\n');
});

test('(integration) hosts trust: a wrong key is refused, listing the methods tried', async () => {
  const wrongKey = join(work, 'wrong_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrongKey]);
  const pool = newPool();
  await assert.rejects(pool.host('af-access', { identityFiles: [wrongKey, join(work, 'absent_key')] }).exec(['true']), (error: unknown) => {
    assert.ok(isHostError(error) && error.kind === 'auth-failed');
    assert.deepEqual(error.tried, [`publickey (${wrongKey})`, `publickey (${join(work, 'absent_key')}: no such file)`]);
    assert.deepEqual(error.allowed, ['publickey']);
    assert.match(error.message, new RegExp(`^Authentication as root on af-access failed; tried publickey \\(${wrongKey}\\)`));
    return true;
  });
});

test('(integration) hosts trust: an encrypted key asks for its passphrase once per session', async () => {
  const asked: string[] = [];
  const pool = newPool({
    prompts: {
      passphrase: async (file, attempt) => {
        asked.push(`${file}#${attempt}`);
        return attempt === 1 ? 'not the passphrase' : cluster.encryptedKeyPassphrase;
      },
    },
  });
  const overrides = { identityFiles: [cluster.encryptedKey] };
  assert.equal((await pool.host('af-access', overrides).exec(['echo', 'one'])).stdout, 'one\n');
  assert.equal((await pool.host('viz-node001-direct', overrides).exec(['echo', 'two'])).stdout, 'two\n');
  // A wrong answer is asked again; the right one is kept in memory for the second host.
  assert.deepEqual(asked, [`${cluster.encryptedKey}#1`, `${cluster.encryptedKey}#2`]);
});

test('(integration) hosts trust: ssh-agent keys are used before identity files', async () => {
  const socket = join(work, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  try {
    const deadline = Date.now() + 10_000;
    while (!existsSync(socket)) {
      assert.ok(Date.now() < deadline, 'ssh-agent did not create its socket');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    execFileSync('ssh-add', ['-q', cluster.userKey], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
    const pool = newPool({ agentSocket: socket });
    // No identity file can work: only the agent holds the key.
    const host = pool.host('af-access', { identityFiles: [join(work, 'absent_key')], identitiesOnly: false });
    assert.equal((await host.exec(['echo', 'via agent'])).stdout, 'via agent\n');
  } finally {
    agent.kill();
  }
});
