// `npm run eval:dream -- --sessions DIR [--key FILE] [--noise FILE] [--tree DIR] [--replay] [--json]`
// Imports a folder of Claude Code transcripts into a fresh workspace (a copy of --tree when given), dreams without
// a model, and reports: the key's lessons found with their fix among active notes, active notes matching the noise
// list, active notes matching neither (to review), and whether a second dream, a re-import and a transcript that
// grew by one record left every shared memory file byte-identical. --replay plays the sessions in time order and
// dreams after each; at every later failure that an earlier session solved, it asks recall which notes it would
// attach, and counts the right fix, a wrong note, or nothing.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/cliIo';
import { MemoryStore } from '../../src/core/memory/memoryStore';
import type { Note } from '../../src/core/memory/noteSchema';
import { readKey, scoreNotes, type AnswerKey, type KeyScore } from './answerKey';
import { replayCorpus, type ReplayResult } from './evalReplay';

export interface EvalOptions {
  sessions: string;
  key?: string;
  noise?: string;
  tree?: string;
  replay?: boolean;
}

export interface EvalResult {
  corpus: string;
  sessions: number;
  notes: Array<{ id: string; title: string; status: string; advice?: string; verdict: string }>;
  score?: KeyScore;
  stable: { secondDream: boolean; reimport: boolean; grownTranscript: boolean; changed: string[] };
  dreamMs: number;
  replay?: ReplayResult;
}

function quietIo(cwd: string): { io: CliIo; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => void out.push(t), err: (t) => void err.push(t), env: {}, cwd }, out: () => out.join(''), err: () => err.join('') };
}

async function lucid(cwd: string, ...argv: string[]): Promise<string> {
  const q = quietIo(cwd);
  const code = await main(argv, q.io);
  if (code !== 0) throw new Error(`lucid ${argv.join(' ')} exited ${code}: ${q.err()}`);
  return q.out();
}

/** The files teammates share through git, with their bytes. */
export function sharedSnapshot(ws: string): Map<string, string> {
  const root = path.join(ws, '.agent-memory');
  const out = new Map<string, string>();
  for (const f of ['MEMORY.md', 'README.md', '.gitignore']) if (fs.existsSync(path.join(root, f))) out.set(f, fs.readFileSync(path.join(root, f), 'utf8'));
  const notes = path.join(root, 'notes');
  if (fs.existsSync(notes)) for (const f of fs.readdirSync(notes).sort()) out.set(`notes/${f}`, fs.readFileSync(path.join(notes, f), 'utf8'));
  return out;
}

function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

/** One more record at the end of the newest transcript: an assistant's closing text, as a resumed session appends. */
function growOne(dir: string): void {
  const newest = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().pop();
  if (!newest) return;
  const file = path.join(dir, newest);
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const last = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
  const t = new Date(Date.parse(String(last.timestamp ?? '2025-01-01T00:00:00Z')) + 1000).toISOString();
  const record = { type: 'assistant', uuid: `eval-grown-${newest}`, parentUuid: last.uuid ?? null, sessionId: last.sessionId, cwd: last.cwd, timestamp: t, message: { role: 'assistant', model: 'eval', content: [{ type: 'text', text: 'Done.' }] } };
  fs.appendFileSync(file, `${JSON.stringify(record)}\n`);
}

export async function evaluateCorpus(o: EvalOptions): Promise<EvalResult> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-eval-'));
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-eval-src-'));
  try {
    if (o.tree) fs.cpSync(path.resolve(o.tree), ws, { recursive: true });
    for (const f of fs.readdirSync(o.sessions).filter((f) => f.endsWith('.jsonl'))) fs.copyFileSync(path.join(o.sessions, f), path.join(copy, f));
    await lucid(ws, 'import', 'claude-code', '--from', copy, '--json');
    const t0 = Date.now();
    const first = JSON.parse(await lucid(ws, 'dream', '--no-llm', '--json'));
    const dreamMs = Date.now() - t0;
    const { notes } = await (await MemoryStore.open(ws)).load();
    const key: AnswerKey | undefined = o.key ? readKey(o.key) : undefined;
    if (key && o.noise && o.noise !== o.key) key.noise.push(...readKey(o.noise).noise);
    const score = key ? scoreNotes(notes.map((n) => n.note), key) : undefined;

    const before = sharedSnapshot(ws);
    await lucid(ws, 'dream', '--no-llm');
    const afterSecond = sharedSnapshot(ws);
    fs.rmSync(path.join(ws, '.agent-memory', '.cache', 'imports.json'), { force: true }); // import for real, not from the fast path
    await lucid(ws, 'import', 'claude-code', '--from', copy);
    await lucid(ws, 'dream', '--no-llm');
    const afterReimport = sharedSnapshot(ws);
    growOne(copy);
    await lucid(ws, 'import', 'claude-code', '--from', copy);
    await lucid(ws, 'dream', '--no-llm');
    const afterGrown = sharedSnapshot(ws);
    const verdictOf = (n: Note) => {
      if (!score) return '';
      const found = score.found.find((f) => f.notes.includes(n.id));
      if (found) return `finds ${found.lesson.id} (${found.lesson.tier})`;
      const noise = score.noise.find((f) => f.notes.includes(n.id));
      if (noise) return `NOISE: ${noise.noise.id}`;
      const wrong = score.missed.find((m) => m.wrong.includes(n.id));
      if (wrong) return `about ${wrong.lesson.id}, without its fix`;
      return n.status === 'active' ? 'to review' : n.status;
    };
    return {
      corpus: key?.corpus ?? path.basename(o.sessions),
      sessions: first.report.sessionsRead,
      notes: notes.map((n) => ({ id: n.note.id, title: n.note.title, status: n.note.status, ...(n.note.fix ? { advice: n.note.fix.text } : {}), verdict: verdictOf(n.note) })),
      ...(score ? { score } : {}),
      stable: {
        secondDream: differences(before, afterSecond).length === 0,
        reimport: differences(afterSecond, afterReimport).length === 0,
        grownTranscript: differences(afterReimport, afterGrown).length === 0,
        changed: [...differences(before, afterSecond), ...differences(afterSecond, afterReimport), ...differences(afterReimport, afterGrown)],
      },
      dreamMs,
      ...(o.replay ? { replay: await replayCorpus(o.sessions, key) } : {}),
    };
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

export function renderEval(r: EvalResult): string {
  const lines = [`# ${r.corpus}: ${r.sessions} sessions, dream ${r.dreamMs} ms`, ''];
  if (r.score) {
    const byTier = (found: boolean) => (t: string) => (found ? r.score!.found : r.score!.missed).filter((x) => x.lesson.tier === t).length;
    for (const t of ['lesson', 'known', 'single', 'subtle']) {
      const f = byTier(true)(t);
      const m = byTier(false)(t);
      if (f + m) lines.push(`${t}: ${f} of ${f + m} found`);
    }
    lines.push(`noise notes: ${r.score.noise.reduce((n, x) => n + x.notes.length, 0)}; to review: ${r.score.review.length}`, '');
    for (const f of r.score.found) lines.push(`  found   ${f.lesson.id} (${f.lesson.tier}) ← ${f.notes.join(', ')}`);
    for (const m of r.score.missed) lines.push(`  MISSED  ${m.lesson.id} (${m.lesson.tier})${m.wrong.length ? ` — notes about it without its fix: ${m.wrong.join(', ')}` : ''}`);
    for (const x of r.score.noise) lines.push(`  NOISE   ${x.noise.id} ← ${x.notes.join(', ')}`);
    lines.push('');
  }
  lines.push('Notes:');
  for (const n of r.notes) lines.push(`  [${n.status}] ${n.title}\n      ${n.advice ? `advice: ${n.advice}\n      ` : ''}verdict: ${n.verdict}`);
  const s = r.stable;
  lines.push('', `byte-identical: second dream ${s.secondDream ? 'yes' : 'NO'}, re-import ${s.reimport ? 'yes' : 'NO'}, grown transcript ${s.grownTranscript ? 'yes' : 'NO'}${s.changed.length ? ` (changed: ${s.changed.join(', ')})` : ''}`);
  if (r.replay) {
    const p = r.replay;
    lines.push(`replay: ${p.opportunities} later failure(s) an earlier session solved: right fix attached ${p.right}, wrong note ${p.wrong}, nothing ${p.nothing}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The figures of one corpus as a Markdown block for bench/RESULTS.md. */
export function renderEvalMarkdown(r: EvalResult): string {
  const lines = [`### ${r.corpus}`, ''];
  if (r.score) {
    const tiers = ['lesson', 'known', 'single', 'subtle'].map((t) => {
      const f = r.score!.found.filter((x) => x.lesson.tier === t).length;
      const m = r.score!.missed.filter((x) => x.lesson.tier === t).length;
      return f + m ? `${t} ${f}/${f + m}` : '';
    }).filter(Boolean);
    lines.push(`Key lessons found with their fix: ${tiers.join(', ')}. Active notes matching the noise list: ${r.score.noise.reduce((n, x) => n + x.notes.length, 0)}; matching neither (to review): ${r.score.review.length}.`);
  }
  const s = r.stable;
  lines.push(`Byte-identical shared files after a second dream / a re-import / a transcript grown by one record: ${[s.secondDream, s.reimport, s.grownTranscript].map((b) => (b ? 'yes' : 'NO')).join(' / ')}. ${r.sessions} sessions, dream ${r.dreamMs} ms.`);
  if (r.replay) lines.push(`Replay in time order: ${r.replay.opportunities} later failures an earlier session had got past; recall attached the right fix ${r.replay.right}, a wrong note ${r.replay.wrong}, nothing ${r.replay.nothing}.`);
  lines.push('', '| Note | Verdict |', '| --- | --- |', ...[...r.notes].sort((a, b) => a.title.localeCompare(b.title)).map((n) => `| ${n.title.replace(/\|/g, '\\|')} | ${n.verdict} |`));
  if (r.score?.missed.length) lines.push('', 'Missed:', ...r.score.missed.map((m) => `- ${m.lesson.id} (${m.lesson.tier}): ${m.lesson.summary}`));
  return `${lines.join('\n')}\n`;
}
