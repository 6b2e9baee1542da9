import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createApprovalGate } from '../../../src/core/tools/approvalPolicy';
import { makeRig, systemText, toolResultTexts, type Rig } from './agentKit';

describe('agent session (real SDK against the fake Anthropic server)', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.cleanup();
    rig = undefined;
  });

  it('runs a multi-turn session with tool calls, sending tools, cached system prompt and tool results', async () => {
    rig = await makeRig([
      { text: 'I will create the file.', toolUses: [{ name: 'str_replace_based_edit_tool', input: { command: 'create', path: 'hello.txt', file_text: 'hello world\n' } }] },
      { toolUses: [{ name: 'bash', input: { command: 'cat hello.txt && echo lines=$(wc -l < hello.txt)' } }] },
      { text: 'Done: hello.txt has one line.' },
    ]);
    const { events, reason } = await rig.send('Create hello.txt and count its lines');
    assert.equal(reason, 'completed');
    assert.equal(fs.readFileSync(path.join(rig.root, 'hello.txt'), 'utf8'), 'hello world\n');

    const [first, second, third] = rig.server.requests.map((r) => r.body);
    const toolTypes = first.tools.map((t: any) => t.type ?? 'custom');
    for (const t of ['bash_20250124', 'text_editor_20250728', 'memory_20250818']) assert.ok(toolTypes.includes(t), `tools include ${t}`);
    assert.deepEqual(first.system[first.system.length - 1].cache_control, { type: 'ephemeral' });
    assert.match(toolResultTexts(second.body ?? second)[0], /Created hello\.txt|hello\.txt/);
    assert.match(toolResultTexts(third)[0], /hello world[\s\S]*lines=1[\s\S]*\[exit code 0\]/);

    // The stable prefix is written to the cache once and read on every later turn.
    const usage = events.filter((e) => e.type === 'usage') as any[];
    assert.equal(usage.length, 3);
    assert.ok(usage[0].cacheWriteTokens > 0, 'first turn writes the cache');
    assert.ok(usage[1].cacheReadTokens > 0 && usage[2].cacheReadTokens >= usage[1].cacheReadTokens, 'later turns read it');
    const texts = events.filter((e) => e.type === 'assistant_text').map((e: any) => e.text);
    assert.deepEqual(texts, ['I will create the file.', 'Done: hello.txt has one line.']);
  });

  it('attaches a matching note to a failing command result, and counts the recall', async () => {
    rig = await makeRig(
      [
        { toolUses: [{ name: 'bash', input: { command: 'bash ./run-tests.sh' } }] },
        { text: 'The memory says to use npx.' },
      ],
      { files: { 'run-tests.sh': 'echo "sh: vitest: command not found" >&2\nexit 127\n' } },
    );
    const note = await rig.store.create({
      kind: 'workaround',
      title: 'Run vitest through npx',
      body: 'vitest is not on PATH here: run `npx vitest run <file>`.',
      provenance: 'dream',
      triggers: { errors: ['sh: vitest: command not found'] },
    });
    const { events } = await rig.send('Fix the failing test in src/math.ts');
    const recall = events.find((e) => e.type === 'recall' && e.reason === 'tool-failure') as any;
    assert.ok(recall, 'a recall event');
    assert.deepEqual(recall.notes.map((n: any) => n.id), [note.note.id]);
    const result = toolResultTexts(rig.server.requests[1].body)[0];
    assert.match(result, /\[exit code 127\]/);
    assert.match(result, /<lucid-memory-recall>[\s\S]*Run vitest through npx[\s\S]*npx vitest run/);
    assert.equal((await rig.store.get(note.note.id))!.note.counters.recalled, 1);
  });

  it('does not recall a note for an unrelated failure', async () => {
    rig = await makeRig([{ toolUses: [{ name: 'bash', input: { command: 'ls does-not-exist' } }] }, { text: 'ok' }]);
    await rig.store.create({ kind: 'workaround', title: 'Run vitest through npx', body: 'use npx', triggers: { errors: ['sh: vitest: command not found'], commands: ['npm test'] } });
    const { events } = await rig.send('list');
    assert.equal(events.filter((e) => e.type === 'recall' && e.reason === 'tool-failure').length, 0);
    assert.doesNotMatch(toolResultTexts(rig.server.requests[1].body)[0], /lucid-memory-recall/);
  });

  it('puts the digest and the notes relevant to the request into the system prompt', async () => {
    rig = await makeRig([{ text: 'ok' }]);
    await rig.store.create({ kind: 'convention', title: 'Use pnpm, never npm, in this repository', body: 'The lockfile is pnpm-lock.yaml.', provenance: 'human', triggers: { keywords: ['pnpm', 'install'] } });
    await rig.store.create({ kind: 'fact', title: 'Database migrations live in db/migrations', body: 'Run them with make migrate.' });
    const { events } = await rig.send('install the dependencies with pnpm');
    const system = systemText(rig.server.requests[0].body);
    assert.match(system, /<lucid-memory>/);
    assert.match(system, /Use pnpm, never npm[\s\S]*pnpm-lock\.yaml/, 'the relevant note in full');
    assert.match(system, /Database migrations live in db\/migrations/, 'the digest lists the other note');
    const start = events.find((e) => e.type === 'recall' && e.reason === 'session-start') as any;
    assert.deepEqual(start.notes.map((n: any) => n.title), ['Use pnpm, never npm, in this repository']);
  });

  it('sends a denied approval back to the model as an error, and writes nothing', async () => {
    rig = await makeRig(
      [
        { toolUses: [{ name: 'bash', input: { command: 'touch marker.txt' } }] },
        { toolUses: [{ name: 'str_replace_based_edit_tool', input: { command: 'create', path: 'x.txt', file_text: 'x' } }] },
        { text: 'Understood.' },
      ],
      { approve: createApprovalGate({ edits: 'ask', commands: 'ask', trusted: true, ask: async () => ({ allowed: false, reason: 'not today' }) }) },
    );
    const { events, reason } = await rig.send('make a marker');
    assert.equal(reason, 'completed');
    assert.equal(fs.existsSync(path.join(rig.root, 'marker.txt')), false);
    assert.equal(fs.existsSync(path.join(rig.root, 'x.txt')), false);
    const [r1] = rig.server.requests[1].body.messages.at(-1).content;
    assert.equal(r1.is_error, true);
    assert.match(toolResultTexts(rig.server.requests[1].body)[0], /denied[\s\S]*not today/);
    assert.match(toolResultTexts(rig.server.requests[2].body)[0], /not today/);
    assert.deepEqual(events.filter((e) => e.type === 'approval').map((e: any) => e.decision), ['denied', 'denied']);
  });

  it('refuses paths outside the workspace and goes on', async () => {
    rig = await makeRig([
      { toolUses: [{ name: 'str_replace_based_edit_tool', input: { command: 'view', path: '/etc/passwd' } }, { name: 'str_replace_based_edit_tool', input: { command: 'create', path: '../escape.txt', file_text: 'x' } }] },
      { text: 'I cannot read that.' },
    ]);
    const { reason } = await rig.send('read /etc/passwd');
    assert.equal(reason, 'completed');
    const blocks = rig.server.requests[1].body.messages.at(-1).content;
    assert.deepEqual(blocks.map((b: any) => b.is_error), [true, true]);
    assert.doesNotMatch(toolResultTexts(rig.server.requests[1].body).join('\n'), /root:x:0:0/);
    assert.equal(fs.existsSync(path.join(path.dirname(rig.root), 'escape.txt')), false);
  });

  it('retries 429 and 529 and completes the turn', async () => {
    rig = await makeRig([{ status: 429, headers: { 'retry-after': '1' } }, { status: 529 }, { text: 'after retries' }]);
    const { events, reason } = await rig.send('hello');
    assert.equal(reason, 'completed');
    assert.equal(events.filter((e) => e.type === 'retry').length, 2);
    assert.deepEqual(events.filter((e) => e.type === 'assistant_text').map((e: any) => e.text), ['after retries']);
  });

  it('ends with a clear error when the stream keeps getting cut, and the conversation stays whole', async () => {
    const cut = { cutAfterEvents: 3, response: { text: ['PART', 'IAL'] } };
    rig = await makeRig([cut, cut, cut, cut, cut, { text: 'second request works' }]);
    const first = await rig.send('hello');
    assert.equal(first.reason, 'error');
    const err = first.events.find((e) => e.type === 'error') as any;
    assert.equal(err.kind, 'stream_cut');
    assert.equal(rig.session.conversation.length, 0, 'nothing half-written in the conversation');
    const second = await rig.send('try again');
    assert.equal(second.reason, 'completed');
    const msgs = rig.server.requests.at(-1)!.body.messages;
    assert.deepEqual(msgs.map((m: any) => m.role), ['user'], 'the failed request left no dangling turn');
  });

  it('lets the model write a note through the memory tool', async () => {
    rig = await makeRig([
      { toolUses: [{ name: 'memory', input: { command: 'create', path: '/memories/use-make-build.md', file_text: '# Build with make, not npm run build\nThe npm script is a stub; `make build` does the real work.\n' } }] },
      { text: 'Saved.' },
    ]);
    await rig.send('remember how to build');
    const { notes } = await rig.store.load();
    assert.equal(notes.length, 1);
    assert.equal(notes[0].note.provenance, 'agent');
    assert.match(notes[0].note.title, /Build with make/);
  });

  it('stops promptly when aborted mid-command and keeps the conversation valid', async () => {
    rig = await makeRig([{ toolUses: [{ name: 'bash', input: { command: 'sleep 30' } }] }, { text: 'next' }]);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const started = Date.now();
    const { reason } = await rig.send('wait', ac.signal);
    assert.ok(Date.now() - started < 5000, 'stopped quickly');
    assert.equal(reason, 'stopped');
    // Every tool_use has its tool_result right after it (the API rejects a conversation otherwise).
    const conv = rig.session.conversation as any[];
    conv.forEach((m, i) => {
      const uses = typeof m.content === 'string' ? [] : m.content.filter((b: any) => b.type === 'tool_use');
      for (const u of uses) {
        const next = conv[i + 1];
        assert.ok(next?.content.some((b: any) => b.type === 'tool_result' && b.tool_use_id === u.id), `tool_use ${u.id} has its result`);
      }
    });
    const last = conv.at(-1).content.find((b: any) => b.type === 'tool_result');
    assert.equal(last.is_error, true);
    assert.match(last.content[0].text, /cancelled/);
  });
});
