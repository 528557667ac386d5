import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostSpec } from '../../../src/core/config/hostSpec';

test('(unit) config host: local, ssh aliases and user@host[:port] are accepted', () => {
  assert.deepEqual(parseHostSpec('local'), { ok: true, spec: { kind: 'local', text: 'local' } });
  assert.deepEqual(parseHostSpec('viz-node001'), { ok: true, spec: { kind: 'alias', text: 'viz-node001', alias: 'viz-node001' } });
  assert.deepEqual(parseHostSpec('alice@127.0.0.1:2222'), {
    ok: true,
    spec: { kind: 'address', text: 'alice@127.0.0.1:2222', user: 'alice', host: '127.0.0.1', port: 2222 },
  });
  assert.deepEqual(parseHostSpec('bob@access.example.org'), {
    ok: true,
    spec: { kind: 'address', text: 'bob@access.example.org', user: 'bob', host: 'access.example.org' },
  });
  const v6 = parseHostSpec('root@[::1]:22');
  assert.ok(v6.ok && v6.spec.kind === 'address' && v6.spec.host === '::1' && v6.spec.port === 22);
});

test('(unit) config host: malformed and hostile host strings are rejected', () => {
  const hostile = [
    '', ' local', '-oProxyCommand=touch x', 'viz node', 'a;b', '$(x)', '`x`', 'host:22', 'user@', '@host',
    'user@host:0', 'user@host:65536', 'user@host:22x', 'us er@host', 'user@ho st', 'user@-host', 'user@host-',
    'user@999.1.1.1', 'user@[zz]', 'user@host:22:33', 'a@b@c', 'viz\nnode', 'vïz',
  ];
  for (const text of hostile) {
    const result = parseHostSpec(text);
    assert.equal(result.ok, false, `accepted ${JSON.stringify(text)}`);
    if (!result.ok) assert.ok(result.message.length > 0 && !result.message.includes('\n'));
  }
});
