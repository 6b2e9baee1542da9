// The syntax of a shell command line as agents write them: whole, not only its first line. Lists joined by
// `&&`, `||`, `;`, `&` and newlines; pipelines; subshells and `{ …; }` groups (flattened); `if/for/while`
// bodies (their keywords dropped); quotes, escapes, `$(…)` and backticks kept inside words; comments;
// line continuations; redirections; here-documents with their bodies. No expansion is done: this reads what
// a command *is*, it never runs it. Input it cannot make sense of (an unclosed quote, say) is parsed as far as
// it goes and reported in `problems`, never thrown.

export type RedirectOp = '>' | '>>' | '<' | '<<' | '<<-' | '<<<' | '>&' | '<&' | '&>' | '&>>' | '>|' | '<>';

export interface Redirect {
  /** The file descriptor written before the operator (`2>`), if any. */
  fd?: number;
  op: RedirectOp;
  /** The word after the operator, unquoted (for `<<`, the delimiter). */
  target: string;
}

export interface HereDoc {
  delimiter: string;
  /** `<<'EOF'` or `<<"EOF"`: the body is taken literally (no `$` or backtick expansion). */
  quoted: boolean;
  body: string;
}

export interface SimpleCommand {
  /** Words, unquoted, leading `NAME=value` assignments included. */
  words: string[];
  redirects: Redirect[];
  /** The here-document fed to the command (the last one, when there are several). */
  heredoc?: HereDoc;
  /** The command as written (without its here-document body). */
  text: string;
}

export type Connector = '&&' | '||' | ';' | '&';

export interface Pipeline {
  commands: SimpleCommand[];
  /** How this pipeline is joined to the next one (newlines count as `;`). */
  next?: Connector;
}

export interface ParsedShell {
  pipelines: Pipeline[];
  problems: string[];
}

type Token =
  | { kind: 'word'; value: string; raw: string; start: number; end: number }
  | { kind: 'op'; value: '&&' | '||' | '|' | '|&' | ';' | '&' | '(' | ')' | '\n' | ';;'; start: number; end: number }
  | { kind: 'redir'; op: RedirectOp; fd?: number; start: number; end: number };

const RESERVED_DROP = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{', 'time']);
const RESERVED_END = new Set(['fi', 'done', 'esac', '}']);

/** Splits a command line into tokens; here-document bodies are read where their line ends. */
function tokenize(text: string, problems: string[]): { tokens: Token[]; heredocs: Map<Token, HereDoc> } {
  const tokens: Token[] = [];
  const heredocs = new Map<Token, HereDoc>();
  const pending: Array<{ token: Token; delimiter: string; strip: boolean; quoted: boolean }> = [];
  let i = 0;
  const n = text.length;
  const atWordStart = () => i === 0 || /[\s;&|()<>]/.test(text[i - 1]);

  const readHereDocs = () => {
    // `i` is just after a newline: each pending here-document takes lines up to its delimiter.
    for (const h of pending.splice(0)) {
      const lines: string[] = [];
      for (;;) {
        if (i >= n) {
          problems.push(`here-document not closed by ${h.delimiter}`);
          break;
        }
        const eol = text.indexOf('\n', i);
        const line = text.slice(i, eol < 0 ? n : eol);
        i = eol < 0 ? n : eol + 1;
        if ((h.strip ? line.replace(/^\t+/, '') : line).trimEnd() === h.delimiter) break;
        lines.push(h.strip ? line.replace(/^\t+/, '') : line);
      }
      heredocs.set(h.token, { delimiter: h.delimiter, quoted: h.quoted, body: lines.join('\n') });
    }
  };

  while (i < n) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\n') {
      tokens.push({ kind: 'op', value: '\n', start: i, end: i + 1 });
      i++;
      if (pending.length) readHereDocs();
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' && atWordStart()) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    const three = text.slice(i, i + 3);
    const redir = /^(\d?)(&>>|&>|>>|>&|>\||<<<|<<-|<<|<&|<>|>|<)/.exec(text.slice(i, i + 4));
    if (redir && (redir[1] === '' || atWordStart())) {
      const op = redir[2] as RedirectOp;
      const tok: Token = { kind: 'redir', op, ...(redir[1] ? { fd: Number(redir[1]) } : {}), start: i, end: i + redir[0].length };
      tokens.push(tok);
      i += redir[0].length;
      continue;
    }
    if (three === ';;&' || two === ';;') {
      tokens.push({ kind: 'op', value: ';;', start: i, end: i + two.length });
      i += three === ';;&' ? 3 : 2;
      continue;
    }
    if (two === '&&' || two === '||' || two === '|&') {
      tokens.push({ kind: 'op', value: two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (c === '|' || c === ';' || c === '&' || c === '(' || c === ')') {
      tokens.push({ kind: 'op', value: c as ';', start: i, end: i + 1 });
      i++;
      continue;
    }
    const start = i;
    const word = readWord();
    tokens.push({ kind: 'word', value: word, raw: text.slice(start, i), start, end: i });
    const prev = tokens[tokens.length - 2];
    if (prev?.kind === 'redir' && (prev.op === '<<' || prev.op === '<<-')) {
      pending.push({ token: prev, delimiter: word, strip: prev.op === '<<-', quoted: /['"\\]/.test(text.slice(start, i)) });
    }
  }
  for (const h of pending) problems.push(`here-document not closed by ${h.delimiter}`);
  return { tokens, heredocs };

  function readWord(): string {
    let out = '';
    while (i < n) {
      const c = text[i];
      if (/[\s;&|()<>]/.test(c)) {
        // `>` inside `2>&1` was taken as a redirection; a `(` right after `$` or `=` starts `$(…)` / an array.
        if (c === '(' && (text[i - 1] === '$' || text[i - 1] === '=' || text[i - 1] === '<' || text[i - 1] === '>')) {
          out += readBalanced('(', ')');
          continue;
        }
        break;
      }
      if (c === '\\') {
        if (text[i + 1] === '\n') i += 2;
        else {
          out += text[i + 1] ?? '';
          i += 2;
        }
      } else if (c === "'") {
        const close = text.indexOf("'", i + 1);
        if (close < 0) {
          problems.push('unclosed single quote');
          out += text.slice(i + 1);
          i = n;
        } else {
          out += text.slice(i + 1, close);
          i = close + 1;
        }
      } else if (c === '"') {
        i++;
        out += readDoubleQuoted();
      } else if (c === '$' && text[i + 1] === "'") {
        const close = findAnsiClose(i + 2);
        out += text.slice(i + 2, close).replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\(['"\\])/g, '$1');
        i = close + 1;
      } else if (c === '$' && text[i + 1] === '(') {
        out += '$';
        i++;
        out += readBalanced('(', ')');
      } else if (c === '$' && text[i + 1] === '{') {
        out += '$';
        i++;
        out += readBalanced('{', '}');
      } else if (c === '`') {
        const close = text.indexOf('`', i + 1);
        out += text.slice(i, close < 0 ? n : close + 1);
        i = close < 0 ? n : close + 1;
      } else {
        out += c;
        i++;
      }
    }
    return out;
  }

  function readDoubleQuoted(): string {
    let out = '';
    while (i < n && text[i] !== '"') {
      if (text[i] === '\\' && /["\\$`\n]/.test(text[i + 1] ?? '')) {
        if (text[i + 1] !== '\n') out += text[i + 1];
        i += 2;
      } else if (text[i] === '$' && text[i + 1] === '(') {
        out += '$';
        i++;
        out += readBalanced('(', ')');
      } else {
        out += text[i];
        i++;
      }
    }
    if (i >= n) problems.push('unclosed double quote');
    i++;
    return out;
  }

  function findAnsiClose(from: number): number {
    for (let j = from; j < n; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === "'") return j;
    }
    problems.push('unclosed $\' quote');
    return n;
  }

  /** Text from an opening bracket at `i` to its match (quotes inside respected), kept as written. */
  function readBalanced(open: string, close: string): string {
    const start = i;
    let depth = 0;
    while (i < n) {
      const c = text[i];
      if (c === '\\') i += 2;
      else if (c === "'" && open === '(') {
        const q = text.indexOf("'", i + 1);
        i = q < 0 ? n : q + 1;
      } else if (c === '"') {
        i++;
        while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
        i++;
      } else {
        if (c === open) depth++;
        else if (c === close) depth--;
        i++;
        if (depth === 0) break;
      }
    }
    if (depth > 0) problems.push(`unclosed ${open}`);
    return text.slice(start, i);
  }
}

/** Parses a command line into pipelines (see the top of the file). */
export function parseShell(text: string): ParsedShell {
  const problems: string[] = [];
  const { tokens, heredocs } = tokenize(text, problems);
  const pipelines: Pipeline[] = [];
  let pipeline: SimpleCommand[] = [];
  let cmd: { words: string[]; redirects: Redirect[]; heredoc?: HereDoc; start: number; end: number } | undefined;

  const endCommand = () => {
    if (!cmd) return;
    let words = cmd.words;
    while (words.length && RESERVED_DROP.has(words[0])) words = words.slice(1);
    const header = words[0] === 'for' || words[0] === 'select' || words[0] === 'case' || words[0] === 'function';
    const endOnly = words.length > 0 && words.every((w) => RESERVED_END.has(w));
    if (words.length && !header && !endOnly) {
      pipeline.push({ words, redirects: cmd.redirects, ...(cmd.heredoc ? { heredoc: cmd.heredoc } : {}), text: text.slice(cmd.start, cmd.end).trim() });
    } else if (!words.length && cmd.redirects.length) {
      pipeline.push({ words: [], redirects: cmd.redirects, ...(cmd.heredoc ? { heredoc: cmd.heredoc } : {}), text: text.slice(cmd.start, cmd.end).trim() });
    }
    cmd = undefined;
  };
  const endPipeline = (next?: Connector) => {
    endCommand();
    if (pipeline.length) pipelines.push({ commands: pipeline, ...(next ? { next } : {}) });
    else if (next && pipelines.length && pipelines[pipelines.length - 1].next === undefined) pipelines[pipelines.length - 1].next = next;
    pipeline = [];
  };

  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    if (tok.kind === 'word') {
      cmd ??= { words: [], redirects: [], start: tok.start, end: tok.end };
      cmd.words.push(tok.value);
      cmd.end = tok.end;
    } else if (tok.kind === 'redir') {
      cmd ??= { words: [], redirects: [], start: tok.start, end: tok.end };
      const target = tokens[t + 1]?.kind === 'word' ? (tokens[++t] as Extract<Token, { kind: 'word' }>) : undefined;
      cmd.redirects.push({ ...(tok.fd !== undefined ? { fd: tok.fd } : {}), op: tok.op, target: target?.value ?? '' });
      cmd.end = target?.end ?? tok.end;
      const doc = heredocs.get(tok);
      if (doc) cmd.heredoc = doc;
    } else if (tok.value === '|' || tok.value === '|&') {
      endCommand();
    } else if (tok.value === '&&' || tok.value === '||' || tok.value === ';' || tok.value === '&') {
      endPipeline(tok.value);
    } else if (tok.value === '\n' || tok.value === ';;') {
      endPipeline(';');
    } else {
      // `(` and `)`: a subshell or group is flattened into the list around it.
      endPipeline(pipeline.length || cmd ? ';' : undefined);
    }
  }
  endPipeline();
  const last = pipelines[pipelines.length - 1];
  if (last && last.next !== '&') delete last.next;
  return { pipelines, problems };
}
