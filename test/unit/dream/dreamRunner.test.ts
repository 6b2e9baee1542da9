import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DreamBusyError, DreamCancelledError } from '../../../src/core/dream/dreamLock';
import { decideProposal } from '../../../src/core/dream/apply/dreamProposal';
import { runDream } from '../../../src/core/dream/dreamRunner';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { keptSearchIndex, forgetKeptSearchIndexes } from '../../../src/core/memory/keptSearchIndex';
import { memoryPaths } from '../../../src/core/memory/memoryLayout';
import { forgetSharedNoteIndexes } from '../../../src/core/memory/noteSearch';
import { forgetLoads } from '../../../src/core/memory/parsedNoteIndex';
import { indexSignature } from '../../../src/core/memory/searchIndexFile';
import { noteTexts, recordSession, snapshot, tempWorkspace, VITEST_FAIL, VITEST_FIX } from './dreamKit';

const active = async (ws: string) => (await (await MemoryStore.open(ws)).load()).notes.filter((n) => n.note.status === 'active');

describe('runDream', () => {
  let ws: string;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('a setup problem needs a second session; a tool-contract error fixed by a minimal change counts once', async () => {
    const MISSING = { command: 'python repro.py', output: 'Traceback (most recent call last):\n  File "repro.py", line 1, in <module>\n    import numpy\nModuleNotFoundError: No module named \'numpy\'', ok: false };
    const INSTALL = { command: 'pip install numpy', output: 'Successfully installed numpy-2.0.2', ok: true };
    const AGAIN = { command: 'python repro.py', output: 'done', ok: true };
    await recordSession(ws, [MISSING, INSTALL, AGAIN], { day: '2026-03-01' });
    const first = await runDream({ workspaceRoot: ws });
    assert.equal(first.report.added.length, 0, 'a missing package fixed once is not yet a lesson');
    await recordSession(ws, [MISSING, INSTALL, AGAIN], { day: '2026-03-02' });
    const second = await runDream({ workspaceRoot: ws });
    assert.equal(second.report.sessionsRead, 1, 'incremental: only the new session is read');
    assert.equal(second.report.added.length, 1);
    const [note] = await active(ws);
    assert.equal(note.note.evidence.sessions, 2);
    assert.equal(note.note.evidence.lastSeen, '2026-03-02');
    assert.deepEqual(note.note.fix?.commands, ['pip install numpy']);

    const other = tempWorkspace();
    try {
      await recordSession(other, [VITEST_FAIL, VITEST_FIX]);
      const r = await runDream({ workspaceRoot: other });
      assert.equal(r.report.added.length, 1, '`vitest: command not found` fixed by running it through npx');
      const [n] = await active(other);
      assert.match(n.note.fix?.commands.join(' ') ?? '', /npx vitest run <file>/);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('a dream that writes notes leaves the search index kept for exactly them: the next session start does not build it', async () => {
    await recordSession(ws, [VITEST_FAIL, VITEST_FIX]);
    assert.equal((await runDream({ workspaceRoot: ws })).report.added.length, 1);
    // A new process: nothing kept in memory.
    forgetLoads();
    forgetSharedNoteIndexes();
    forgetKeptSearchIndexes();
    const store = await MemoryStore.open(ws);
    const { notes } = await store.load();
    const hashes = new Map(await Promise.all(notes.map(async (n) => [n.note.id, await hashOfNote(ws, n.file)] as [string, string])));
    const kept = await keptSearchIndex(memoryPaths(ws).cache, indexSignature(notes, hashes)!);
    assert.ok(kept, 'kept for the notes on disk');
    assert.deepEqual(kept.search('vitest command not found')?.map((h) => h.id), notes.map((n) => n.note.id));
  });

  it('updates the evidence of a known problem instead of adding a duplicate, and counts a session once however often it is read', async () => {
    const file = await recordSession(ws, [VITEST_FAIL, VITEST_FAIL, VITEST_FIX]);
    await runDream({ workspaceRoot: ws });
    await recordSession(ws, [VITEST_FAIL, VITEST_FIX], { day: '2026-04-10' });
    const r = await runDream({ workspaceRoot: ws });
    assert.equal(r.report.added.length, 0);
    assert.equal(r.report.updated.length, 1);
    const notes = await active(ws);
    assert.equal(notes.length, 1);
    assert.equal(notes[0].note.evidence.sessions, 2);
    assert.equal(notes[0].note.evidence.lastSeen, '2026-04-10');
    // The first session read again (it grew, or its mtime changed): its contribution is replaced, not added.
    fs.appendFileSync(file, `${JSON.stringify({ type: 'assistant_text', t: '2026-03-01T11:00:00.000Z', seq: 99, text: 'done' })}\n`);
    const before = noteTexts(ws);
    const again = await runDream({ workspaceRoot: ws });
    assert.equal(again.report.sessionsRead, 1);
    assert.deepEqual(noteTexts(ws), before, 'no byte of the notes changes');
  });

  it('ignores noise: a grep with no match, a failing test fixed by editing code, a typo', async () => {
    await recordSession(ws, [
      { command: 'grep -r "TODO" src', output: '', ok: false },
      { command: 'grep -r "TODO" src', output: '', ok: false },
      { command: 'npm tset', output: 'Unknown command: "tset"\n\nDid you mean this?\n  npm test', ok: false },
      { command: 'npm test', output: 'ok', ok: true },
      { command: 'vitset run', output: 'bash: vitset: command not found', ok: false },
      { command: 'vitest run', output: '✓ 3 tests', ok: true },
      { command: 'vitset run', output: 'bash: vitset: command not found', ok: false },
      { command: 'vitest run', output: '✓ 3 tests', ok: true },
    ]);
    const r = await runDream({ workspaceRoot: ws });
    assert.equal(r.report.added.length, 0, JSON.stringify(r.report.added));
    assert.ok(r.report.episodes.noise >= 4);
  });

  it('never rewrites a person\'s note, and adds no duplicate of it', async () => {
    const store = await MemoryStore.open(ws);
    const human = await store.create({ kind: 'workaround', title: 'Use npx for vitest', body: 'Our vitest is local: npx vitest run <file>.', provenance: 'human', triggers: { errors: ['sh: vitest: command not found'] } });
    const file = path.join(store.paths.notes, human.file);
    const bytes = fs.readFileSync(file, 'utf8');
    await recordSession(ws, [VITEST_FAIL, VITEST_FAIL, VITEST_FIX]);
    const r = await runDream({ workspaceRoot: ws });
    assert.equal(fs.readFileSync(file, 'utf8'), bytes);
    assert.equal(r.report.added.length, 0);
  });

  it('marks a note stale when the script it cites is gone, with the reason', async () => {
    fs.writeFileSync(path.join(ws, 'package.json'), JSON.stringify({ scripts: { test: 'vitest' } }));
    const store = await MemoryStore.open(ws);
    const n = await store.create({ kind: 'command', title: 'Regenerate the API client first', body: 'Run `npm run gen:api` before building.', provenance: 'dream' });
    const r = await runDream({ workspaceRoot: ws });
    assert.deepEqual(r.report.staled.map((s) => s.id), [n.note.id]);
    const after = (await store.load()).notes[0].note;
    assert.equal(after.status, 'stale');
    assert.match(after.reason ?? '', /gen:api/);
  });

  it('merges a teammate\'s reworded duplicate that arrived through git', async () => {
    await recordSession(ws, [VITEST_FAIL, VITEST_FAIL, VITEST_FIX]);
    await runDream({ workspaceRoot: ws });
    const store = await MemoryStore.open(ws);
    const mine = (await active(ws))[0];
    // A teammate's machine wrote the same lesson in other words, under another id.
    await store.create({ kind: 'workaround', title: 'vitest not found: use npx vitest', body: '`npm test <file>` fails with `sh: vitest: command not found`; run `npx vitest run <file>`.', provenance: 'agent', triggers: { errors: ['sh: vitest: command not found'], commands: ['npm test'] } });
    const r = await runDream({ workspaceRoot: ws });
    assert.equal(r.report.merged.length, 1);
    const left = await active(ws);
    assert.equal(left.length, 1);
    assert.equal(left[0].note.id, r.report.merged[0].id);
    assert.ok([mine.note.id, ...r.report.merged[0].from].length === 2);
    const retired = (await store.load()).notes.filter((n) => n.note.status === 'retired');
    assert.equal(retired.length, 1);
    assert.match(retired[0].note.reason ?? '', /merged into/);
  });

  it('merges two agents\' notes in their own words that advise the same command, not two that advise different ones', async () => {
    const store = await MemoryStore.open(ws);
    await store.create({ kind: 'workaround', title: 'ESLint 9 flat config: `--ext` is gone, run `npx eslint src`', body: 'With eslint.config.js the `--ext` flag no longer exists. Run `npx eslint src` to lint the sources.', provenance: 'agent' });
    await store.create({ kind: 'workaround', title: 'ESLint flat config: --ext is gone; run `npx eslint src`', body: 'With eslint.config.js the --ext flag is no longer available. To lint the sources, run `npx eslint src`.', provenance: 'agent' });
    await store.create({ kind: 'workaround', title: 'ESLint flat config: --ext is gone; run `npx eslint lib`', body: 'With eslint.config.js the --ext flag is no longer available. To lint the library, run `npx eslint lib`.', provenance: 'agent' });
    const r = await runDream({ workspaceRoot: ws });
    assert.equal(r.report.merged.length, 1, JSON.stringify(r.report.merged));
    const left = (await active(ws)).map((n) => n.note.title).sort();
    assert.equal(left.length, 2);
    assert.ok(left.some((t) => t.includes('npx eslint lib')), 'the note with other advice stays');
  });

  it('review mode writes a proposal; accepting one note applies only that note', async () => {
    const PROTO = [{ command: 'make proto', output: "make: *** No rule to make target 'proto'.  Stop.", ok: false }, { command: 'make generate && make proto', output: 'ok', ok: true }];
    await recordSession(ws, [VITEST_FAIL, VITEST_FAIL, VITEST_FIX, ...PROTO]);
    await recordSession(ws, PROTO, { day: '2026-03-02' });
    const r = await runDream({ workspaceRoot: ws, review: true });
    assert.ok(r.proposal && fs.existsSync(r.proposal));
    assert.deepEqual(noteTexts(ws), [], 'nothing applied in review mode');
    assert.equal(r.report.added.length, 2);
    const chosen = r.report.added[0].id;
    const d = await decideProposal(ws, r.proposal, { accept: [chosen] });
    assert.deepEqual(d.applied, [chosen]);
    const notes = await active(ws);
    assert.deepEqual(notes.map((n) => n.note.id), [chosen]);
    assert.equal(fs.existsSync(r.proposal), false);
  });

  it('one dream at a time per workspace', async () => {
    await recordSession(ws, [VITEST_FAIL, VITEST_FIX]);
    const results = await Promise.allSettled([runDream({ workspaceRoot: ws }), runDream({ workspaceRoot: ws })]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.ok(rejected.reason instanceof DreamBusyError);
  });

  it('a cancelled dream changes nothing, and the next one does the work', async () => {
    await recordSession(ws, [VITEST_FAIL, VITEST_FAIL, VITEST_FIX]);
    const before = snapshot(ws);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(runDream({ workspaceRoot: ws, signal: ac.signal }), DreamCancelledError);
    const after = snapshot(ws);
    for (const k of Object.keys(before)) assert.equal(after[k], before[k], k);
    assert.equal((await runDream({ workspaceRoot: ws })).report.added.length, 1);
  });

  it('a dream killed at any commit step leaves memory as before or as after, and the next dream finishes it', async () => {
    const steps: string[] = [];
    const ref = tempWorkspace();
    await recordSession(ref, [VITEST_FAIL, VITEST_FAIL, VITEST_FIX]);
    // Note files have random ids: compare steps with the note's name left out.
    const general = (s: string) => s.replace(/notes\/[^/]+\.md/, 'notes/NOTE.md').replace(/\d{4}-\d\d-\d\dT[\dZ-]+/g, 'STAMP');
    await runDream({ workspaceRoot: ref, afterCommitStep: (s) => void steps.push(general(s)) });
    fs.rmSync(ref, { recursive: true, force: true });
    assert.ok(steps.length >= 4, `steps: ${steps.join(',')}`);
    for (const step of steps) {
      const w = tempWorkspace();
      await recordSession(w, [VITEST_FAIL, VITEST_FAIL, VITEST_FIX]);
      await assert.rejects(runDream({ workspaceRoot: w, afterCommitStep: (s) => { if (general(s) === step) throw new Error(`crash at ${step}`); } }), /crash at/);
      const notes = await active(w); // load() recovers: before (no note) or after (the note), never a broken one
      assert.ok(notes.length <= 1);
      await runDream({ workspaceRoot: w });
      const final = await active(w);
      assert.equal(final.length, 1, `after a crash at ${step}, the next dream ends with the note`);
      assert.equal(final[0].note.evidence.sessions, 1);
      fs.rmSync(w, { recursive: true, force: true });
    }
  });

  it('writes no secret into notes or reports, even from a transcript that was not redacted', async () => {
    const secret = 'ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
    const sessions = path.join(ws, '.agent-memory', 'sessions');
    fs.mkdirSync(sessions, { recursive: true });
    const t = '2026-03-01T10:00:00.000Z';
    const lines = [{ type: 'session_start', t, seq: 0, v: 1, sessionId: 's-raw', startedAt: t, workspace: ws, model: 'x', source: 'other', lucidVersion: 'dev' }];
    const cmd = `GITHUB_TOKEN=${secret} npm run release`;
    const fail = `sh: semantic-release: command not found (token ${secret})`;
    for (const [i, c] of [[cmd, fail, false], [cmd, fail, false], [`GITHUB_TOKEN=${secret} npx semantic-release`, 'published', true]].entries()) {
      lines.push({ type: 'tool_call', t, seq: 2 * i + 1, id: `c${i}`, name: 'bash', input: { command: c[0] } } as any);
      lines.push({ type: 'tool_result', t, seq: 2 * i + 2, id: `c${i}`, name: 'bash', ok: c[2], durationMs: 1, output: c[1] } as any);
    }
    fs.writeFileSync(path.join(sessions, '2026-03-01T100000-sraw.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const r = await runDream({ workspaceRoot: ws });
    assert.equal(r.report.added.length, 1);
    const written = [...noteTexts(ws), fs.readFileSync(r.reportPath!, 'utf8'), fs.readFileSync(path.join(ws, '.agent-memory', 'MEMORY.md'), 'utf8')].join('\n');
    assert.ok(!written.includes(secret), 'the token is redacted');
    assert.match(written, /semantic-release/);
  });

  it('a note recalled and followed by the same failure anyway loses confidence and goes stale', async () => {
    await recordSession(ws, [VITEST_FAIL, VITEST_FAIL, VITEST_FIX]);
    await runDream({ workspaceRoot: ws });
    const [note] = await active(ws);
    for (const day of ['2026-03-05', '2026-03-06']) {
      await recordSession(ws, [{ ...VITEST_FAIL, recalled: [note.note.id] }, VITEST_FAIL], { day });
    }
    const r = await runDream({ workspaceRoot: ws });
    assert.deepEqual(r.report.staled.map((s) => s.id), [note.note.id]);
    const after = (await (await MemoryStore.open(ws)).get(note.note.id))!.note;
    assert.equal(after.counters.harmful, 2);
    assert.match(after.reason ?? '', /failure happened anyway/);
  });
});

describe('runDream: conventions the user taught', () => {
  let ws: string;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('turns a plain correction into a convention note, once, and ignores ordinary requests', async () => {
    await recordSession(ws, [], { user: 'no, use pnpm here, not npm' });
    await recordSession(ws, [], { user: 'Please add a test for the parser and run it.' });
    await recordSession(ws, [], { user: 'no, use pnpm here, not npm' });
    const r = await runDream({ workspaceRoot: ws });
    assert.equal(r.report.added.length, 1, JSON.stringify(r.report.added));
    const [n] = await active(ws);
    assert.equal(n.note.kind, 'convention');
    assert.match(n.note.title, /use pnpm here/i);
    assert.ok(n.note.triggers.keywords.includes('pnpm'));
  });
});

describe('runDream: a note whose advice fails', () => {
  let ws: string;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  /** Records a session that had the note in its context from the start (the digest), as the agent session records it. */
  async function withNoteInContext(noteId: string, title: string, calls: Parameters<typeof recordSession>[1], day: string): Promise<void> {
    const file = await recordSession(ws, calls, { day });
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    lines.splice(1, 0, JSON.stringify({ type: 'recall', t: `${day}T10:00:00.000Z`, seq: 0, reason: 'digest', noteIds: [noteId], noteTitles: [title] }));
    fs.writeFileSync(file, lines.join('\n') + '\n');
  }
  const LINT_NOTE = { kind: 'command' as const, title: 'Lint with `npm run lint -- --no-eslintrc`', body: 'Always lint with `npm run lint -- --no-eslintrc`.' };
  const FOLLOW = { command: 'npm run lint -- --no-eslintrc', output: "Invalid option '--no-eslintrc' - perhaps you meant '-c'?", ok: false };

  it('an agent note whose advice fails as written, got past only by dropping its flag, goes stale at once with what happened', async () => {
    const store = await MemoryStore.open(ws);
    const wrong = await store.create({ ...LINT_NOTE, provenance: 'agent' });
    await withNoteInContext(wrong.note.id, wrong.note.title, [FOLLOW, { command: 'npm run lint', output: 'ok', ok: true }], '2026-03-01');
    const r = await runDream({ workspaceRoot: ws });
    assert.deepEqual(r.report.staled.map((s) => s.id), [wrong.note.id]);
    const after = (await store.get(wrong.note.id))!.note;
    assert.match(after.reason ?? '', /advice is wrong here: `npm run lint -- --no-eslintrc` failed with "Invalid option '--no-eslintrc'.*" and `npm run lint` worked/);
  });

  it('a person\'s note refuted the same way is proposed stale, never changed', async () => {
    const store = await MemoryStore.open(ws);
    const mine = await store.create({ ...LINT_NOTE, provenance: 'human' });
    await withNoteInContext(mine.note.id, mine.note.title, [FOLLOW, { command: 'npm run lint', output: 'ok', ok: true }], '2026-03-01');
    const r = await runDream({ workspaceRoot: ws });
    assert.deepEqual(r.report.proposed.map((p) => p.id), [mine.note.id]);
    assert.equal((await store.get(mine.note.id))!.note.status, 'active');
  });

  it('advice that fails when followed, with nothing getting past it, loses confidence and goes stale after two sessions', async () => {
    const store = await MemoryStore.open(ws);
    const wrong = await store.create({ ...LINT_NOTE, provenance: 'agent' });
    for (const day of ['2026-03-01', '2026-03-02']) await withNoteInContext(wrong.note.id, wrong.note.title, [FOLLOW], day);
    const r = await runDream({ workspaceRoot: ws });
    assert.deepEqual(r.report.staled.map((s) => s.id), [wrong.note.id]);
    const after = (await store.get(wrong.note.id))!.note;
    assert.equal(after.counters.harmful, 2);
    assert.match(after.reason ?? '', /failure happened anyway/);
  });
});

/** sha256 of a note file's text, as the parsed-note index keys it. */
async function hashOfNote(ws: string, file: string): Promise<string> {
  const { createHash } = await import('crypto');
  return createHash('sha256').update(fs.readFileSync(path.join(memoryPaths(ws).notes, file), 'utf8'), 'utf8').digest('hex');
}
