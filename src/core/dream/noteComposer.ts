// Writes a note from what a dream found, without a model: "when X fails with E, do Y", with the evidence.
// Deterministic: the same stats give the same words.
import type { Note, NoteKind, Triggers } from '../memory/noteSchema';
import { commandSegments } from './commandIntent';
import type { ResolutionStat, SignatureStat } from './signatureStats';

const BUILD_TOOLS = new Set(['tsc', 'eslint', 'cargo', 'rustc', 'go', 'gcc', 'clang', 'make', 'javac', 'gradle', 'maven', 'jest', 'vitest', 'mocha', 'pytest', 'python', 'node', 'pip', 'npm', 'pnpm', 'yarn']);

/** A command without its output plumbing (`2>&1 | head -50`), shortened. */
export function cleanCommand(command: string, max = 100): string {
  const first = command.split('\n')[0];
  const parts = first.split(/\s*(\&\&|\|\||;)\s*/);
  const kept = parts.map((p) => (/^(&&|\|\||;)$/.test(p) ? p : p.split(/\s\|\s/)[0].replace(/\s+\d?>&\d|\s+\d?>>?\s*\/dev\/null/g, '').trim()));
  const text = kept.join(' ').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The command with its file-like arguments (paths, test files) replaced by `<file>`: the general form. */
export function generalize(command: string): string {
  return command.replace(/(^|\s)(?!-)[\w@.-]*\/[\w@./-]*\.[\w]+(?=\s|$)/g, '$1<file>').replace(/(^|\s)[\w-]+\.(test|spec)\.[cm]?[jt]sx?(?=\s|$)/g, '$1<file>');
}

/** The part of a working command that is new compared with the failing one (a prefix step, a flag, a wrapper). */
function fixPhrase(failed: string, r: ResolutionStat): string {
  const worked = cleanCommand(r.command);
  const failedClean = cleanCommand(failed);
  if (r.kind === 'fix-then-retry') {
    return r.fixSteps.length ? `run \`${r.fixSteps.map((s) => cleanCommand(s, 80)).join(' && ')}\` first, then run it again` : 'run it again: it fails intermittently';
  }
  const at = worked.indexOf(failedClean);
  if (at > 0) {
    const prefix = worked.slice(0, at).replace(/\s*(&&|;)\s*$/, '').trim();
    if (prefix) return `run \`${generalize(prefix)}\` first (\`${generalize(worked)}\`)`;
  }
  return `run \`${generalize(worked)}\` instead`;
}

/** An error line without its location prefix (`src/a.ts(1,34): `, `src/a.ts:3:5: `): the part that is the same everywhere. */
export function errorMessageOf(line: string): string {
  return line.replace(/^\s*[^\s:()]+\(\d+,\d+\):\s*/, '').replace(/^\s*[^\s:]+\.[a-z]+:\d+(?::\d+)?:\s*/i, '').trim() || line.trim();
}

function shortLine(line: string, max = 90): string {
  const t = line.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function kindFor(stat: SignatureStat): NoteKind {
  const best = stat.resolutions[0];
  if (best?.kind === 'fix-then-retry' && best.fixSteps.length && BUILD_TOOLS.has(stat.tool)) return 'build-error';
  return stat.tool === 'git' || stat.tool === 'shell' ? 'workaround' : BUILD_TOOLS.has(stat.tool) ? 'build-error' : 'workaround';
}

export function composeTitle(stat: SignatureStat): string {
  const intent = stat.intents[stat.intents.length - 1] ?? stat.tool;
  const best = stat.resolutions[0];
  const missing = /command not found: (\S+)/.exec(stat.key)?.[1];
  if (missing && best) {
    const seg = commandSegments(best.command).find((s) => s.program === missing);
    if (seg?.wrapper) return `${missing} is not on PATH: run it through ${seg.wrapper} (\`${generalize(cleanCommand(seg.text, 80))}\`)`;
  }
  const fix = best ? fixPhrase(stat.example.command, best).replace(/ \(`[^`]*`\)$/, '') : 'no fix known yet';
  return shortLine(`\`${intent}\` fails with "${shortLine(errorMessageOf(stat.line).replace(/:$/, ''), 100)}": ${fix}`, 190);
}

export function composeBody(stat: SignatureStat): string {
  const [best, ...others] = stat.resolutions;
  const lines = [
    `**When** \`${generalize(cleanCommand(stat.example.command))}\` fails with:`,
    '',
    '```',
    shortLine(stat.line, 200),
    '```',
    '',
    best ? `**Do:** ${fixPhrase(stat.example.command, best)}.` : '**No fix is known yet.**',
  ];
  const bestPhrase = best ? fixPhrase(stat.example.command, best).replace(/ \(`[^`]*`\)$/, '') : '';
  const alts = others.filter((o) => o.count > 0 && fixPhrase(stat.example.command, o).replace(/ \(`[^`]*`\)$/, '') !== bestPhrase.replace(/, then run it again$/, '')).slice(0, 2);
  if (alts.length) lines.push('', 'Also worked:', ...alts.map((o) => `- ${fixPhrase(stat.example.command, o)}`));
  const n = stat.sessions.length;
  lines.push('', `_Seen ${stat.occurrences} time${stat.occurrences === 1 ? '' : 's'} in ${n} session${n === 1 ? '' : 's'}, last on ${stat.lastSeen}._`);
  return lines.join('\n');
}

export function composeTriggers(stat: SignatureStat): Triggers {
  const missing = /command not found: (\S+)/.exec(stat.key)?.[1];
  const keywords = [...new Set([stat.tool, ...(missing ? [missing] : [])].filter((k) => k !== 'unknown' && k !== 'shell'))];
  return { errors: [shortLine(errorMessageOf(stat.line), 160)], commands: [...stat.intents].slice(-3), keywords };
}

/** A new note for a recurring, solved problem. */
export function composeNote(stat: SignatureStat, id: string): Note {
  return {
    id,
    kind: kindFor(stat),
    title: composeTitle(stat),
    status: 'active',
    provenance: 'dream',
    scope: [],
    triggers: composeTriggers(stat),
    evidence: {
      sessions: stat.sessions.length,
      firstSeen: stat.firstSeen,
      lastSeen: stat.lastSeen,
      examples: [{ session: stat.example.session, text: shortLine(`${cleanCommand(stat.example.command, 80)} → ${stat.example.excerpt}`, 200) }],
    },
    counters: { recalled: 0, helpful: 0, harmful: 0 },
    body: composeBody(stat),
    extra: {},
  };
}
