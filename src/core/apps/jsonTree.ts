// A strict JSON parser that keeps the offsets of every value, so entries can be located and
// edited in place without reformatting the rest of the file.

export type JsonNode = JsonObject | JsonArray | JsonScalar;

interface Span {
  /** Offset of the first character. */
  readonly start: number;
  /** Offset after the last character. */
  readonly end: number;
}

export interface JsonMember {
  readonly key: string;
  readonly keyStart: number;
  /** Offset after the key's closing quote. */
  readonly keyEnd: number;
  readonly value: JsonNode;
}

export interface JsonObject extends Span {
  readonly kind: 'object';
  readonly members: JsonMember[];
}

export interface JsonArray extends Span {
  readonly kind: 'array';
  readonly items: JsonNode[];
}

export interface JsonScalar extends Span {
  readonly kind: 'string' | 'number' | 'boolean' | 'null';
  readonly value: string | number | boolean | null;
}

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

export function parseJsonTree(text: string): JsonNode {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, i);
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const expect = (char: string) => {
    if (text[i] !== char) fail(i >= text.length ? `expected "${char}" but the file ended` : `expected "${char}" but found ${JSON.stringify(text[i])}`);
    i++;
  };

  const readString = (): string => {
    expect('"');
    let value = '';
    while (i < text.length) {
      const char = text[i];
      if (char === '"') {
        i++;
        return value;
      }
      if (char === '\\') {
        const escape = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (escape in simple) {
          value += simple[escape];
          i += 2;
        } else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          fail('invalid escape in a string');
        }
        continue;
      }
      if (char.charCodeAt(0) < 0x20) fail('control character in a string');
      value += char;
      i++;
    }
    return fail('unterminated string');
  };

  const readValue = (): JsonNode => {
    skipSpace();
    const start = i;
    const char = text[i];
    if (char === '{') {
      i++;
      const members: JsonMember[] = [];
      skipSpace();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', start, end: i, members };
      }
      for (;;) {
        skipSpace();
        const keyStart = i;
        const key = readString();
        const keyEnd = i;
        skipSpace();
        expect(':');
        const value = readValue();
        members.push({ key, keyStart, keyEnd, value });
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect('}');
        return { kind: 'object', start, end: i, members };
      }
    }
    if (char === '[') {
      i++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', start, end: i, items };
      }
      for (;;) {
        items.push(readValue());
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect(']');
        return { kind: 'array', start, end: i, items };
      }
    }
    if (char === '"') {
      const value = readString();
      return { kind: 'string', start, end: i, value };
    }
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (number) {
      i += number[0].length;
      return { kind: 'number', start, end: i, value: Number(number[0]) };
    }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return { kind: value === null ? 'null' : 'boolean', start, end: i, value };
      }
    }
    return fail(i >= text.length ? 'the file ended where a value was expected' : `unexpected ${JSON.stringify(char)}`);
  };

  const root = readValue();
  skipSpace();
  if (i < text.length) fail(`unexpected ${JSON.stringify(text[i])} after the end of the document`);
  return root;
}

export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return node?.kind === 'object' ? node.members.find((m) => m.key === key)?.value : undefined;
}

/** The plain JavaScript value of a node. */
export function toValue(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.members.map((m) => [m.key, toValue(m.value)]));
    case 'array':
      return node.items.map(toValue);
    default:
      return node.value;
  }
}
