// Expands VS Code snippet syntax the way the editor inserts it when every placeholder keeps
// its default: "${1:text}" gives "text", "${1|a,b|}" gives "a", "$1" mirrors tabstop 1.
// Snippet variables ($NAME, ${NAME}) are rejected: in these snippets an unescaped "$" before a
// name is always a shell variable that the editor would silently replace.

export interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

type Node = { kind: 'text'; text: string } | { kind: 'tabstop'; index: number; children: Node[] | null };

export function bodyText(snippet: Snippet): string {
  return Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
}

export function expandSnippet(body: string): string {
  const nodes = parse(body);
  const defaults = new Map<number, Node[]>();
  collectDefaults(nodes, defaults);
  return render(nodes, defaults, 0);
}

function collectDefaults(nodes: Node[], defaults: Map<number, Node[]>): void {
  for (const node of nodes) {
    if (node.kind !== 'tabstop' || node.children === null) continue;
    if (!defaults.has(node.index)) defaults.set(node.index, node.children);
    collectDefaults(node.children, defaults);
  }
}

function render(nodes: Node[], defaults: Map<number, Node[]>, depth: number): string {
  if (depth > 20) throw new Error('tabstops mirror each other in a cycle');
  return nodes
    .map((node) => (node.kind === 'text' ? node.text : render(node.children ?? defaults.get(node.index) ?? [], defaults, depth + 1)))
    .join('');
}

function parse(source: string): Node[] {
  let pos = 0;

  const parseUntil = (closing: string | null): Node[] => {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
    };
    while (pos < source.length) {
      const c = source[pos];
      if (c === '\\' && pos + 1 < source.length && '$}\\'.includes(source[pos + 1])) {
        text += source[pos + 1];
        pos += 2;
      } else if (closing !== null && c === closing) {
        flush();
        pos++;
        return nodes;
      } else if (c === '$') {
        const node = parseDollar();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          text += c;
          pos++;
        }
      } else {
        text += c;
        pos++;
      }
    }
    if (closing !== null) throw new Error(`unclosed placeholder in: ${source}`);
    flush();
    return nodes;
  };

  const parseDollar = (): Node | null => {
    const rest = source.slice(pos);
    const simple = /^\$(\d+)/.exec(rest);
    if (simple) {
      pos += simple[0].length;
      return { kind: 'tabstop', index: Number(simple[1]), children: null };
    }
    const variable = /^\$\{?([A-Za-z_]\w*)/.exec(rest);
    if (variable) {
      const line = source.slice(0, pos).split('\n').length;
      throw new Error(`unescaped "$${variable[1]}" on body line ${line} would be a snippet variable; write \\$ for the shell`);
    }
    const choice = /^\$\{(\d+)\|((?:[^|\\]|\\.)*)\|\}/.exec(rest);
    if (choice) {
      pos += choice[0].length;
      const first = choice[2].split(/(?<!\\),/)[0].replace(/\\(.)/g, '$1');
      return { kind: 'tabstop', index: Number(choice[1]), children: [{ kind: 'text', text: first }] };
    }
    const placeholder = /^\$\{(\d+)(:|\})/.exec(rest);
    if (placeholder) {
      pos += placeholder[0].length;
      const index = Number(placeholder[1]);
      return { kind: 'tabstop', index, children: placeholder[2] === '}' ? null : parseUntil('}') };
    }
    return null;
  };

  return parseUntil(null);
}
