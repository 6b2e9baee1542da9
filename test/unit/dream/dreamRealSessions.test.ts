// Dreams over real sessions (test/fixtures/sessions, see its SOURCES.md), imported then dreamed without a model, as a
// user would run `lucid import claude-code` and `lucid dream --no-llm`; judged against the answer keys in
// bench/dream-keys (lessons found with the fix that worked, no note matching the noise list).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/cliIo';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import type { Note } from '../../../src/core/memory/noteSchema';
import { readKey, scoreNotes } from '../../eval/answerKey';
import { sharedSnapshot } from '../../eval/evalDream';
import { sessionFixtures } from '../../support/sessionFixtures';
import { tempWorkspace } from './dreamKit';

const KEYS = path.resolve(__dirname, '..', '..', '..', '..', 'bench', 'dream-keys');

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), env: {}, cwd };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function lucid(ws: string, ...argv: string[]): Promise<string> {
  const run = io(ws);
  assert.equal(await main(argv, run.io), 0, run.stderr());
  return run.stdout();
}

async function activeNotes(ws: string): Promise<Note[]> {
  const { notes, problems } = await (await MemoryStore.open(ws)).load();
  assert.deepEqual(problems, []);
  return notes.map((n) => n.note).filter((n) => n.status === 'active');
}

const describeNotes = (notes: Note[]) => notes.map((n) => `${n.title} | ${n.fix?.text ?? '(known problem)'}`).join('\n');

describe('dream over the real Claude Code sessions (lucid import claude-code, then lucid dream --no-llm)', function () {
  this.timeout(120_000);
  let ws: string;
  let from: string;
  before(() => {
    ws = tempWorkspace();
    // A copy: the test grows one transcript.
    from = fs.mkdtempSync(path.join(path.dirname(ws), 'lucid-cc-src-'));
    fs.cpSync(sessionFixtures('claude-code'), from, { recursive: true });
  });
  after(() => {
    fs.rmSync(ws, { recursive: true, force: true });
    fs.rmSync(from, { recursive: true, force: true });
  });

  it('imports the three sessions, idempotently', async () => {
    assert.equal(JSON.parse(await lucid(ws, 'import', 'claude-code', '--from', from, '--json')).imported.length, 3);
    assert.equal(JSON.parse(await lucid(ws, 'import', 'claude-code', '--from', from, '--json')).imported.length, 0);
  });

  it('the dependency problem says `npm install`; the checkout problem says stash and switch in one command, or `git checkout -f`', async () => {
    const { report } = JSON.parse(await lucid(ws, 'dream', '--no-llm', '--json'));
    assert.equal(report.sessionsRead, 3);
    const notes = await activeNotes(ws);
    const deps = notes.find((n) => n.triggers.errors.some((e) => /vitest: command not found|Cannot find module 'axios'/.test(e)));
    assert.ok(deps, `a note about the missing dependencies; notes:\n${describeNotes(notes)}`);
    assert.ok(deps.fix?.commands.includes('npm install'), deps.fix?.text);
    assert.ok(!deps.fix?.commands.some((c) => /npx vitest/.test(c)), 'npx vitest only "passed" because of `| head`: never advised');
    const checkout = notes.find((n) => n.triggers.errors.some((e) => /would be overwritten by checkout/.test(e)));
    assert.ok(checkout?.fix, 'a note about git checkout');
    assert.match(`${checkout.fix.commands.join('\n')}\n${checkout.body}`, /git stash && git checkout main|git checkout -f main/);
    assert.equal(checkout.evidence.sessions, 2, 'seen in both sessions that hit it');
    const score = scoreNotes(notes, readKey(path.join(KEYS, 'claude-code.json')));
    assert.deepEqual(score.missed.map((m) => m.lesson.id), []);
    assert.deepEqual(score.noise, [], 'no note about noise');
    assert.deepEqual(score.review, [], 'no note a reviewer has to look at');
    assert.ok(report.episodes.noise >= 10, 'noise was seen and labelled');
  });

  it('a second dream, a re-import and a transcript that grew by one record change no shared byte', async () => {
    const before = sharedSnapshot(ws);
    assert.match(await lucid(ws, 'dream', '--no-llm'), /Nothing new since the last dream/);
    assert.deepEqual(sharedSnapshot(ws), before, 'second dream');
    fs.rmSync(path.join(ws, '.agent-memory', '.cache', 'imports.json'));
    await lucid(ws, 'import', 'claude-code', '--from', from);
    await lucid(ws, 'dream', '--no-llm');
    assert.deepEqual(sharedSnapshot(ws), before, 're-import');
    const file = path.join(from, '278a2245-9881-4e57-8176-beb93e3d7fd3.jsonl');
    const last = JSON.parse(fs.readFileSync(file, 'utf8').trimEnd().split('\n').pop()!);
    fs.appendFileSync(file, `${JSON.stringify({ type: 'assistant', uuid: 'grown-1', parentUuid: last.uuid, sessionId: last.sessionId, timestamp: '2025-08-08T00:00:00.000Z', message: { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] } })}\n`);
    const grown = JSON.parse(await lucid(ws, 'import', 'claude-code', '--from', from, '--json'));
    assert.equal(grown.imported.length, 1, 'the grown transcript is imported again');
    const { report } = JSON.parse(await lucid(ws, 'dream', '--no-llm', '--json'));
    assert.equal(report.sessionsRead, 1);
    assert.deepEqual(sharedSnapshot(ws), before, 'grown transcript');
  });
});

const SLICES: Array<{ corpus: string; key: string; lessons: string[] }> = [
  { corpus: 'swe-agent/sympy', key: 'sympy.json', lessons: ['pytest-not-installed-use-bin-test', 'numpy-not-installed', 'tests-fail-before-any-change'] },
  { corpus: 'swe-agent/pytest-dev', key: 'pytest-dev.json', lessons: ['ed-not-installed', 'tests-fail-before-any-change', 'grep-fixed-string-for-brackets'] },
  { corpus: 'swe-agent/sphinx-doc', key: 'sphinx-doc.json', lessons: ['use-conda-pytest-not-usr-bin-python3', 'test-file-names', 'tests-fail-before-any-change', 'python-c-compound-statement', 'no-unzip-use-python-zipfile', 'quote-heredoc-with-rst-backticks'] },
];

describe('dream over real sessions of another agent (mini-SWE-agent on sympy, pytest, sphinx)', function () {
  this.timeout(120_000);
  for (const slice of SLICES) {
    it(`${slice.corpus}: finds ${slice.lessons.join(', ')} with the fix that worked, and writes nothing about noise`, async () => {
      const ws = tempWorkspace();
      try {
        await lucid(ws, 'import', 'claude-code', '--from', sessionFixtures(slice.corpus));
        await lucid(ws, 'dream', '--no-llm');
        const notes = await activeNotes(ws);
        const score = scoreNotes(notes, readKey(path.join(KEYS, slice.key)));
        const found = score.found.map((f) => f.lesson.id);
        for (const id of slice.lessons) assert.ok(found.includes(id), `${id} found; notes:\n${describeNotes(notes)}`);
        assert.deepEqual(score.noise, [], `no note about noise; notes:\n${describeNotes(notes)}`);
        assert.deepEqual(score.review, [], `every note is a lesson of the key; notes:\n${describeNotes(notes)}`);
      } finally {
        fs.rmSync(ws, { recursive: true, force: true });
      }
    });
  }
});
