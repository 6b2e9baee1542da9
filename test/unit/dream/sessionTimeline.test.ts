// A session read as a timeline, one row per case: whether each call ran, was refused or failed (its exit code
// from the result or from the wrapper's line, its output judged when a pipe hides the status), the files the
// session created and those it edited, and the user's request.
import { strict as assert } from 'assert';
import { readTimeline, type Step } from '../../../src/core/dream/read/sessionTimeline';
import { events, type Call } from './episodeKit';

interface Row {
  name: string;
  calls: Call[];
  /** Default: /work/proj. */
  workspace?: string;
  user?: string;
  /** Partial steps by index (only the fields given are compared); `undefined` skips a step. */
  steps?: Array<Partial<Step> | undefined>;
  created?: Array<[string, number]>;
  edited?: Array<[string, number]>;
  request?: string;
}

const HOOK_OUT = 'Bash operation blocked by hook:\n- [guard.sh]: rm -rf is not allowed here';
const RULES_OUT = 'Permission to use Bash with command rm -rf x has been denied.';
const PYTEST_FAIL = 'tests/test_a.py F\nFAILED tests/test_a.py::test_x - AssertionError: assert 1 == 2\n1 failed in 0.1s';

const ROWS: Row[] = [
  // ── ran, refused ──
  {
    name: 'a denied call and an unanswered call did not run, and did not fail',
    calls: [{ sh: 'npm test', denied: true }, { sh: 'npm test', unanswered: true }],
    steps: [{ ran: false, failed: false, refused: undefined, exitCode: undefined }, { ran: false, failed: false, refused: undefined }],
  },
  {
    name: 'a hook refusal: not ran, refused by the hook, with its reason',
    calls: [{ sh: 'rm -rf x', out: HOOK_OUT, ok: false, exit: null }],
    steps: [{ ran: false, failed: false, refused: { by: 'hook', reason: HOOK_OUT }, output: HOOK_OUT }],
  },
  {
    name: 'a permission-rule refusal: not ran, refused by the rules',
    calls: [{ sh: 'rm -rf x', out: RULES_OUT, ok: false, exit: null }],
    steps: [{ ran: false, failed: false, refused: { by: 'rules', reason: RULES_OUT } }],
  },
  // ── exit codes ──
  {
    name: "the exit code is the result's exitCode; the wrapper's `[exit code N]` line leaves the output",
    calls: [{ sh: 'make', out: 'boom', exit: 2 }],
    steps: [{ ran: true, exitCode: 2, failed: true, output: 'boom' }],
  },
  {
    name: 'no exitCode: the code is read from "Error: exit code 2" at the top, and that line leaves the output',
    calls: [{ sh: 'make', out: 'Error: exit code 2\nmake: *** [all] Error 2', ok: false, exit: null }],
    steps: [{ ran: true, exitCode: 2, failed: true, output: 'make: *** [all] Error 2' }],
  },
  {
    name: 'a stated exit code of 2 fails the step even when the result says ok',
    calls: [{ sh: 'make', out: 'Error: exit code 2\nboom', ok: true, exit: null }],
    steps: [{ exitCode: 2, failed: true, output: 'boom' }],
  },
  // ── failed ──
  {
    name: 'a piped command with exit 0 whose output holds an error failed',
    calls: [{ sh: 'pytest 2>&1 | tail -5', out: PYTEST_FAIL, exit: 0 }],
    steps: [{ ran: true, exitCode: 0, failed: true }],
  },
  {
    name: 'a piped command with exit 0 and a clean output did not fail',
    calls: [{ sh: 'pytest 2>&1 | tail -5', out: '3 passed in 0.12s', exit: 0 }],
    steps: [{ ran: true, exitCode: 0, failed: false }],
  },
  {
    name: 'a command hidden by `|| true` is judged by its output',
    calls: [{ sh: 'pytest || true', out: PYTEST_FAIL, exit: 0 }, { sh: 'pytest || true', out: '3 passed', exit: 0 }],
    steps: [{ failed: true }, { failed: false }],
  },
  {
    name: 'a trustworthy command with exit 1 failed, whatever its output; with exit 0 it did not',
    calls: [{ sh: 'pytest -q', out: 'done', exit: 1 }, { sh: 'pytest -q', out: 'done', exit: 0 }],
    steps: [{ ran: true, exitCode: 1, failed: true }, { ran: true, exitCode: 0, failed: false }],
  },
  {
    name: 'a shell "command not found" fails the step although the exit code is 0',
    calls: [{ sh: 'foo && echo ok', out: 'bash: line 1: foo: command not found\nok', exit: 0 }],
    steps: [{ ran: true, exitCode: 0, failed: true }],
  },
  // ── files ──
  {
    name: '`cat > new.py <<EOF` creates new.py',
    calls: [{ sh: "cat > new.py <<'EOF'\nprint(1)\nEOF" }],
    steps: [{ writes: ['new.py'], creates: ['new.py'] }],
    created: [['new.py', 0]],
    edited: [],
  },
  {
    name: '`sed -i` on a file read before edits it',
    calls: [{ sh: 'cat src/a.py', out: 'x = 1' }, { sh: "sed -i 's/1/2/' src/a.py" }],
    steps: [{ writes: [] }, { writes: ['src/a.py'], creates: [] }],
    created: [],
    edited: [['src/a.py', 1]],
  },
  {
    name: 'a file viewed before `>` replaces it is edited, not created',
    calls: [{ sh: 'cat notes.txt', out: 'old' }, { sh: 'echo new > notes.txt' }],
    created: [],
    edited: [['notes.txt', 1]],
  },
  {
    name: 'the Write tool saying "File created successfully at: …" creates its file',
    calls: [{ tool: 'Write', input: { file_path: 'src/b.py', content: 'x = 1\n' }, out: 'File created successfully at: src/b.py' }],
    steps: [{ kind: 'edit', target: 'src/b.py', ran: true, failed: false, writes: ['src/b.py'], creates: ['src/b.py'] }],
    created: [['src/b.py', 0]],
    edited: [],
  },
  {
    name: 'the Edit tool edits its file',
    calls: [{ tool: 'Edit', input: { file_path: 'src/c.py', old_string: 'a', new_string: 'b' }, out: 'The file src/c.py has been updated.' }],
    steps: [{ kind: 'edit', target: 'src/c.py', writes: ['src/c.py'], creates: [] }],
    created: [],
    edited: [['src/c.py', 0]],
  },
  {
    name: 'a file named again by the step that writes it (`… EOF && chmod +x s.sh`) is still created',
    calls: [{ sh: 'cat > s.sh <<EOF\n#!/bin/sh\necho hi\nEOF\nchmod +x s.sh && ./s.sh', out: 'hi' }],
    steps: [{ writes: ['s.sh'], creates: ['s.sh'] }],
    created: [['s.sh', 0]],
    edited: [],
  },
  {
    name: 'files under /tmp are created, even when appended to',
    calls: [{ sh: 'echo x > /tmp/scratch.txt' }, { sh: 'echo y >> /tmp/log.txt' }],
    created: [['/tmp/scratch.txt', 0], ['/tmp/log.txt', 1]],
    edited: [],
  },
  {
    name: 'a failed step writes nothing: its files are neither created nor edited',
    calls: [{ sh: 'cat > out.txt <<EOF\nx\nEOF', out: 'bash: out.txt: Permission denied', exit: 1 }],
    steps: [{ failed: true, writes: [], creates: [] }],
    created: [],
    edited: [],
  },
  {
    name: 'a refused step writes nothing',
    calls: [{ sh: 'echo x > out.txt', out: RULES_OUT, ok: false, exit: null }],
    created: [],
    edited: [],
  },
  {
    name: 'a file first created and then changed stays created only',
    calls: [{ sh: 'cat > new.py <<EOF\nx = 1\nEOF' }, { sh: "sed -i 's/1/2/' new.py" }],
    created: [['new.py', 0]],
    edited: [],
  },
  // ── paths under the workspace ──
  {
    name: 'absolute paths of tools under the workspace become relative',
    calls: [
      { tool: 'Read', input: { file_path: '/work/proj/src/r.py' }, out: '1\tx = 1' },
      { tool: 'Write', input: { file_path: '/work/proj/src/a.py', content: 'x' }, out: 'File created successfully at: /work/proj/src/a.py' },
      { tool: 'Edit', input: { file_path: '/work/proj/src/r.py', old_string: 'x', new_string: 'y' }, out: 'The file /work/proj/src/r.py has been updated.' },
    ],
    steps: [{ kind: 'read', target: 'src/r.py' }, { target: 'src/a.py', creates: ['src/a.py'] }, { target: 'src/r.py', writes: ['src/r.py'] }],
    created: [['src/a.py', 1]],
    edited: [['src/r.py', 2]],
  },
  {
    name: 'absolute paths written by shell commands under the workspace become relative',
    calls: [{ sh: 'cat /work/proj/src/a.py', out: 'x = 1' }, { sh: "sed -i 's/1/2/' /work/proj/src/a.py" }],
    steps: [undefined, { writes: ['src/a.py'] }],
    edited: [['src/a.py', 1]],
  },
  {
    name: 'a new file written by a shell command at an absolute path under the workspace is created',
    calls: [{ sh: "cat > /work/proj/new.py <<'EOF'\nprint(1)\nEOF" }],
    steps: [{ writes: ['new.py'], creates: ['new.py'] }],
    created: [['new.py', 0]],
    edited: [],
  },
  {
    name: 'a path outside the workspace stays absolute',
    workspace: '/work/proj',
    calls: [{ tool: 'Edit', input: { file_path: '/etc/hosts', old_string: 'a', new_string: 'b' }, out: 'The file /etc/hosts has been updated.' }],
    edited: [['/etc/hosts', 0]],
  },
  // ── the request ──
  {
    name: "the user's first request, its first sentence",
    user: 'Please fix the failing import in utils. It breaks on startup!',
    calls: [{ sh: 'ls' }],
    request: 'Please fix the failing import in utils.',
  },
];

describe('readTimeline: one row per case', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const t = readTimeline(events(row.calls, row.user ? { user: row.user } : {}), row.workspace ?? '/work/proj');
      assert.equal(t.steps.length, row.calls.length, 'one step per call');
      t.steps.forEach((s, i) => assert.equal(s.index, i));
      (row.steps ?? []).forEach((want, i) => {
        if (!want) return;
        for (const [key, value] of Object.entries(want)) {
          assert.deepEqual((t.steps[i] as unknown as Record<string, unknown>)[key], value, `step ${i}: ${key}`);
        }
      });
      if (row.created) assert.deepEqual([...t.created], row.created, 'created');
      if (row.edited) assert.deepEqual([...t.edited], row.edited, 'edited');
      if (row.request) assert.equal(t.request, row.request);
    });
  }

  it('shell steps carry their whole command, read', () => {
    const t = readTimeline(events([{ sh: 'cd /work/proj && \\\n  python -m pytest tests/a.py' }]), '/work/proj');
    const s = t.steps[0];
    assert.equal(s.kind, 'shell');
    assert.deepEqual(s.shell?.invocations.map((i) => i.program), ['cd', 'pytest']);
  });

  it('a request that was interrupted is not the request; the next user message is', () => {
    const evs = events([{ sh: 'ls' }], { user: '[Request interrupted by user]' });
    evs.push({ type: 'user_message', t: '2026-03-01T10:01:00.000Z', seq: evs.length + 1, text: 'Add a --verbose flag to the CLI. Keep it short.' });
    assert.equal(readTimeline(evs, '/work/proj').request, 'Add a --verbose flag to the CLI.');
  });
});
