// Replay: the sessions of a corpus in time order, as if they happened one after another in one workspace, with a
// dream after each. Before a session is dreamed over, each of its failures whose problem an earlier session got
// past is put to recall, as the agent would meet it: does the note with the right fix come back, a wrong note, or
// nothing? A note is right when it names that problem and gives a fix (or, with an answer key, finds its lesson).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { MemoryStore } from '../../src/core/memory/memoryStore';
import { matchFailure } from '../../src/core/recall/triggerMatch';
import { readSession } from '../../src/core/sessions/sessionReader';
import { listSessions } from '../../src/core/sessions/sessionReader';
import { readSessionEpisodes } from '../../src/core/dream/read/sessionEpisodes';
import { noteMatchesLesson, type AnswerKey } from './answerKey';

export interface ReplayResult {
  sessions: number;
  /** Failures whose problem an earlier session got past. */
  opportunities: number;
  right: number;
  wrong: number;
  nothing: number;
  misses: string[];
}

function firstTime(file: string): string {
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    try {
      const t = (JSON.parse(line) as { timestamp?: string }).timestamp;
      if (t) return t;
    } catch {
      // not a record
    }
  }
  return '';
}

const io = (cwd: string) => ({ out: () => undefined, err: () => undefined, env: {}, cwd });

async function lucid(ws: string, ...argv: string[]): Promise<void> {
  const code = await main(argv, io(ws));
  if (code !== 0) throw new Error(`lucid ${argv.join(' ')} exited ${code}`);
}

export async function replayCorpus(from: string, key?: AnswerKey): Promise<ReplayResult> {
  const dir = path.resolve(from);
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-replay-'));
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(dir, f)).sort((a, b) => firstTime(a).localeCompare(firstTime(b)) || a.localeCompare(b));
  const result: ReplayResult = { sessions: files.length, opportunities: 0, right: 0, wrong: 0, nothing: 0, misses: [] };
  const solved = new Set<string>();
  try {
    for (const file of files) {
      const known = new Set((await listSessions(path.join(ws, '.agent-memory', 'sessions'))).map((s) => s.name));
      await lucid(ws, 'import', 'claude-code', '--from', file);
      const added = (await listSessions(path.join(ws, '.agent-memory', 'sessions'))).filter((s) => !known.has(s.name));
      const { notes } = await (await MemoryStore.open(ws)).load();
      const active = notes.map((n) => n.note).filter((n) => n.status === 'active');
      for (const s of added) {
        const read = await readSession(s.path);
        const found = readSessionEpisodes({ sessionId: s.id, day: (read.header?.startedAt ?? '').slice(0, 10), events: read.events, workspace: read.header?.workspace });
        for (const e of found.episodes) {
          if (e.noise || !solved.has(e.problem.key)) continue;
          const step = found.timeline.steps.find((x) => x.callId === e.callId)!;
          result.opportunities++;
          const matches = matchFailure(active, { command: step.shell?.text ?? e.command, output: step.output });
          const lesson = key?.lessons.find((l) => active.some((n) => noteMatchesLesson(n, l) && n.problems?.includes(e.problem.key)));
          const right = matches.some((m) => (lesson ? noteMatchesLesson(m.note, lesson) : m.note.problems?.includes(e.problem.key) && !!m.note.fix));
          if (right) result.right++;
          else if (matches.length) result.wrong++;
          else {
            result.nothing++;
            result.misses.push(`${s.id.slice(0, 8)} ${e.problem.key.slice(0, 100)}`);
          }
        }
        for (const e of found.episodes) if (!e.noise && e.outcome === 'fixed') solved.add(e.problem.key);
      }
      await lucid(ws, 'dream', '--no-llm');
    }
    return result;
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}
