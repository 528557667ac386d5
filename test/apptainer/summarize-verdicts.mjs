// Turns the logs written by verdict-runner.sh into verdicts.json: for each definition file,
// whether Apptainer accepted it and, if not, its error. A build that stops only because the
// network is absent or a local file is missing counts as accepted: the definition itself passed.
// Usage: node summarize-verdicts.mjs CORPUS_DIR LOG_DIR > verdicts.json
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [corpus, logs] = process.argv.slice(2);
if (!corpus || !logs) {
  console.error('usage: summarize-verdicts.mjs CORPUS_DIR LOG_DIR');
  process.exit(2);
}

// Definition problems: Apptainer refuses the file before or while reading its header.
const rejections = [
  { phase: 'parse', pattern: /while parsing definition: / },
  { phase: 'template', pattern: /build var \S+ is not defined/ },
  { phase: 'stages', pattern: /^Unable to create build: / },
  { phase: 'validate', pattern: /invalid \S+ header|could not parse reference|not a valid Shub reference|unsupported transport/ },
  { phase: 'validate', pattern: /while processing section %\S+ arguments|unable to copy files from stage to container fs: stage \S+ was not found/ },
];

// Problems of the build machine, not of the definition file.
const environmentStops = [
  { phase: 'fetch', pattern: /network is unreachable|no response received from singularity hub/ },
  { phase: 'fetch', pattern: /while (debootstrapping|bootstrapping|bootstrapping from zypper|refreshing gpg keys): exit status \d+$/ },
  { phase: 'local-file', pattern: /no such file or directory|cp: cannot stat/ },
  { phase: 'script', pattern: /while running %\S+ section: exit status \d+$/ },
];

function normalize(message) {
  return message
    .split(`${corpus}/`).join('')
    .replace(/\/tmp\/build-temp-\d+/g, '/tmp/build-temp-N')
    .replace(/\b(?!127\.)\d{1,3}(\.\d{1,3}){3}\b/g, '<address>');
}

/** The last FATAL message of a log, with its tab-indented continuation lines. */
function lastFatal(log) {
  const lines = log.split('\n');
  let found;
  lines.forEach((line, i) => {
    if (!line.startsWith('FATAL:')) return;
    let message = line.replace(/^FATAL:\s*/, '');
    for (let j = i + 1; j < lines.length && lines[j].startsWith('\t'); j++) message += ` ${lines[j].trim()}`;
    found = message;
  });
  return found;
}

function warnings(log) {
  return log.split('\n').filter((l) => l.startsWith('WARNING:')).map((l) => normalize(l.replace(/^WARNING:\s*/, '')));
}

/** The innermost reason, without the "Unable to build from X: while parsing definition: X:" wrapping. */
function reason(message) {
  return message
    .replace(/^Unable to build from [^:]+: /, '')
    .replace(/^while parsing definition: [^:]+: /, '')
    .replace(/^Unable to create build: /, '')
    .replace(/^While performing build: /, '')
    .replace(/^conveyor failed to get: /, '')
    .replace(/^unable to get conveyorpacker: /, '');
}

// Go's strings.TrimSpace leaves U+FEFF alone; so must we.
const trimAscii = (s) => s.replace(/^[ \t\r\n\v\f]+|[ \t\r\n\v\f]+$/g, '');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Go's getSectionName: the text after leading %, lower-cased, up to the first space. */
function sectionName(line) {
  return line.replace(/^%+/, '').toLowerCase().split(' ')[0];
}

function isSectionLine(line) {
  const word = trimAscii(line).split(/\s+/)[0];
  return word.startsWith('%');
}

/** The stage a line belongs to: stages start at lines beginning with "bootstrap:" (any case). */
function stageOf(lines, index) {
  return lines.slice(1, index + 1).filter((l) => /^bootstrap:/i.test(l)).length;
}

/** For each stage, the names its %arguments section gives a default to. */
function stageArguments(lines) {
  const stages = [];
  let inArguments = false;
  lines.forEach((line, i) => {
    const stage = stageOf(lines, i);
    stages[stage] ??= new Set();
    if (isSectionLine(line)) {
      inArguments = sectionName(trimAscii(line)) === 'arguments';
    } else if (inArguments && line.includes('=')) {
      stages[stage].add(trimAscii(line.split('=')[0]));
    }
  });
  return stages;
}

/**
 * The 1-based line that Apptainer's message points at, found by the name it quotes
 * (Apptainer itself reports no line numbers). Undefined when the message names nothing.
 */
function causeLine(text, why) {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const find = (predicate) => {
    const i = lines.findIndex(predicate);
    return i < 0 ? undefined : i + 1;
  };
  const headerKey = (l) => trimAscii(trimAscii(l).split('#')[0].split(':')[0]).toLowerCase();
  let m;
  if ((m = /^failed to parse deffile header: invalid header keyword found: (.*)$/.exec(why))) {
    return find((l) => !isSectionLine(l) && headerKey(l) === m[1]);
  }
  if ((m = /^failed to parse deffile header: header key (.*) had no val$/.exec(why))) {
    return find((l) => trimAscii(trimAscii(l).split('#')[0]) === m[1]);
  }
  if ((m = /^invalid section\(s\) specified: (.*)$/.exec(why)) && !m[1].includes(', ')) {
    return find((l) => isSectionLine(l) && sectionName(l) === m[1]);
  }
  if ((m = /^app section (\S+): could not be split/.exec(why))) {
    return find((l) => isSectionLine(l) && trimAscii(l).split(/\s+/).length === 1 && sectionName(trimAscii(l)) === m[1]);
  }
  if ((m = /^build var (\S+) is not defined/.exec(why))) {
    const use = new RegExp(`\\{\\{\\s*${escape(m[1])}\\s*\\}\\}`);
    const undefinedIn = stageArguments(lines).map((args) => !args.has(m[1]));
    return find((l, i) => use.test(l) && undefinedIn[stageOf(lines, i)]);
  }
  if ((m = /^while running engine: while processing section %(\S+) arguments/.exec(why))) {
    return find((l) => isSectionLine(l) && sectionName(trimAscii(l)) === m[1]);
  }
  if ((m = /^unable to copy files from stage to container fs: stage (\S+) was not found$/.exec(why))) {
    return find((l) => new RegExp(`^\\s*%files\\s+from\\s+${escape(m[1])}\\s*$`, 'i').test(l));
  }
  if ((m = /^invalid build source (.+)$/.exec(why))) {
    return find((l) => headerKey(l) === 'bootstrap' && trimAscii(l.slice(l.indexOf(':') + 1).split('#')[0]) === m[1]);
  }
  if ((m = /^could not parse reference: (.+)$/.exec(why))) {
    return find((l) => headerKey(l) === 'from' && l.includes(m[1]));
  }
  return undefined;
}

const verdicts = {};
const unclassified = [];
const results = readFileSync(join(logs, 'results.tsv'), 'utf8').split('\n').filter(Boolean);
for (const row of results) {
  const [rel, status] = row.split('\t');
  const log = readFileSync(join(logs, `${rel.replaceAll('/', '__')}.log`), 'utf8');
  const text = readFileSync(join(corpus, rel), 'utf8');
  const warned = warnings(log);
  const extra = warned.length ? { warnings: warned } : {};
  if (status === '0') {
    verdicts[rel] = { accepted: true, phase: 'built', ...extra };
    continue;
  }
  const fatal = lastFatal(log);
  const message = fatal === undefined ? undefined : normalize(fatal);
  const rejection = message && rejections.find((r) => r.pattern.test(message));
  const stop = message && environmentStops.find((s) => s.pattern.test(message));
  if (rejection) {
    const why = reason(message);
    const line = causeLine(text, why);
    verdicts[rel] = {
      accepted: false,
      error: message,
      reason: why,
      phase: rejection.phase,
      ...(line === undefined ? {} : { causeLine: line }),
      ...extra,
    };
  } else if (stop) {
    verdicts[rel] = { accepted: true, phase: stop.phase, stoppedAt: message, ...extra };
  } else {
    unclassified.push(`${rel} (exit ${status}): ${message ?? 'no FATAL line'}`);
  }
}

if (unclassified.length) {
  console.error(`Unclassified Apptainer results; extend the patterns in summarize-verdicts.mjs:\n${unclassified.join('\n')}`);
  process.exit(1);
}
process.stdout.write(`${JSON.stringify(verdicts, null, 2)}\n`);
