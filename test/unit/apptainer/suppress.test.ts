import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDefinition } from '../../../src/core/apptainer';
import { codes, def } from './helpers';

const header = ['Bootstrap: docker', 'From: ubuntu:22.04', ''];

test('(unit) suppress: "# appframework-ignore CODE" silences the next line only', () => {
  const text = def(
    ...header,
    '%post',
    '    # appframework-ignore AFL005',
    '    pip install numpy',
    '    pip install scipy',
  );
  const found = checkDefinition(text).filter((d) => d.code === 'AFL005');
  assert.deepEqual(found.map((d) => d.range.start.line), [6]);
});

test('(unit) suppress: several codes, comma-separated, on one pragma', () => {
  const text = def(...header, '%post', '    # appframework-ignore AFL001, AFL003,AFL002', '    apt-get install vim');
  assert.deepEqual(codes(checkDefinition(text)), []);
});

test('(unit) suppress: "# appframework-ignore-file CODE" silences the whole file', () => {
  const text = def('# appframework-ignore-file AFL006', 'Bootstrap: docker', 'From: ubuntu', '%post', '    pip install numpy');
  assert.deepEqual(codes(checkDefinition(text)), ['AFL005']);
});

test('(unit) suppress: errors Apptainer itself raises cannot be silenced', () => {
  const text = def('# appframework-ignore-file AF005', ...header, '# appframework-ignore AF005', '%bogus');
  assert.deepEqual(codes(checkDefinition(text)), ['AF005']);
});

test('(unit) severities: per-code override and "off"', () => {
  const text = def('Bootstrap: docker', 'From: ubuntu', '%post', '    pip install numpy', '    sudo true');
  const diagnostics = checkDefinition(text, { severities: { AFL006: 'error', AFL005: 'off', AFL011: 'info' } });
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity]),
    [
      ['AFL006', 'error'],
      ['AFL011', 'info'],
    ],
  );
});

test('(unit) severities: Apptainer errors keep their severity; undefined build vars and warnings can change', () => {
  const text = def('Bootstrap: docker', 'From: {{ BASE }}', '%bogus', '%files from', '  /a');
  const diagnostics = checkDefinition(text, { severities: { AF005: 'off', AF012: 'info', AF013: 'off', AFL006: 'off' } });
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity]),
    [
      ['AF012', 'info'],
      ['AF005', 'error'],
    ],
  );
  const pragma = def('Bootstrap: docker', '# appframework-ignore AF012', 'From: {{ BASE }}');
  assert.deepEqual(codes(checkDefinition(pragma)), []);
});
