import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listSlashCommands, resolveSlash } from '../../../src/core/agent/slashCommands';
import type { ReadEvent } from '../../../src/core/sessions/sessionSchema';
import { ChatLog } from '../../../src/vscode/chatLog';
import { slashAction, slashCommandViews } from '../../../src/vscode/slashRequest';

describe('Slash commands in the panel (host side)', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-slash-'));
    fs.mkdirSync(path.join(root, '.claude', 'commands', 'git'), { recursive: true });
    fs.writeFileSync(path.join(root, '.claude', 'commands', 'fix-issue.md'), '---\ndescription: Fix a GitHub issue\nargument-hint: <number>\n---\nFix issue #$ARGUMENTS and add a test.\n');
    fs.writeFileSync(path.join(root, '.claude', 'commands', 'git', 'tidy.md'), 'Tidy the git history.\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const act = async (typed: string) => slashAction(typed, await resolveSlash(typed, root));

  it('lists Lucid\'s commands, then the project\'s with their description and argument hint', async () => {
    const views = slashCommandViews(await listSlashCommands(root));
    assert.deepEqual(views.map((v) => v.name), ['compact', 'clear', 'model', 'cost', 'memory', 'dream', 'fix-issue', 'git:tidy']);
    assert.deepEqual(views.find((v) => v.name === 'fix-issue'), { name: 'fix-issue', description: 'Fix a GitHub issue', argumentHint: '<number>', custom: true });
    assert.equal(views.find((v) => v.name === 'compact')?.custom, false);
    assert.equal(views.find((v) => v.name === 'git:tidy')?.description, 'Tidy the git history.');
  });

  it('a custom command sends its prompt; the chat shows what was typed', async () => {
    assert.deepEqual(await act('/fix-issue 12'), { kind: 'send', prompt: 'Fix issue #12 and add a test.', display: '/fix-issue 12' });
    assert.deepEqual(await act('/git:tidy now'), { kind: 'send', prompt: 'Tidy the git history.\n\nARGUMENTS: now', display: '/git:tidy now' });
  });

  it('a plain request, or a slash not at a name, is sent as typed', async () => {
    assert.deepEqual(await act('fix /compact in the docs'), { kind: 'send', prompt: 'fix /compact in the docs', display: 'fix /compact in the docs' });
    assert.deepEqual(await act('/ what is this'), { kind: 'send', prompt: '/ what is this', display: '/ what is this' });
  });

  it('Lucid\'s commands act in the panel; /model takes an optional model id', async () => {
    for (const name of ['compact', 'clear', 'cost', 'memory', 'dream'] as const) assert.deepEqual(await act(`/${name}`), { kind: name });
    assert.deepEqual(await act('/model'), { kind: 'model' });
    assert.deepEqual(await act('/model claude-haiku-4-5'), { kind: 'model', model: 'claude-haiku-4-5' });
  });

  it('an unknown command is an error that lists the commands there are', async () => {
    const a = await act('/fix-isue 12');
    assert.equal(a.kind, 'error');
    assert.match(a.kind === 'error' ? a.message : '', /^Unknown command \/fix-isue\. Available: \/compact, \/clear, \/model, \/cost, \/memory, \/dream, \/fix-issue, \/git:tidy/);
  });
});

describe('ChatLog: compactions', () => {
  it('shows a compaction marker when the session compacts, asked or on its own', () => {
    const log = new ChatLog();
    log.apply({ type: 'text_delta', text: 'partial' });
    log.apply({ type: 'compacted', reason: 'limit', folded: 12, summary: 'the summary' });
    log.apply({ type: 'compacted', reason: 'asked', folded: 3, summary: 's' });
    assert.deepEqual(log.transcript.map((i) => [i.kind, i.kind === 'compacted' ? `${i.reason}:${i.folded}` : i.kind === 'assistant' && !!i.streaming]), [
      ['assistant', false],
      ['compacted', 'limit:12'],
      ['compacted', 'asked:3'],
    ]);
  });

  it('shows the marker again when a recorded session is replayed from its compaction record', () => {
    const t = '2025-01-01T00:00:00.000Z';
    const events = [
      { type: 'user_message', t, text: 'one' },
      { type: 'assistant_text', t, text: 'a' },
      { type: 'compaction', t, reason: 'too_long', folded: 4, summary: 'older turns' },
      { type: 'user_message', t, text: 'two' },
    ] as unknown as ReadEvent[];
    const items = ChatLog.fromRecorded(events);
    assert.deepEqual(items.map((i) => i.kind), ['user', 'assistant', 'compacted', 'user']);
    assert.deepEqual(items[2], { id: items[2].id, kind: 'compacted', reason: 'too_long', folded: 4 });
  });

  it('new items never take the id of a replayed one', () => {
    const log = new ChatLog();
    log.add({ kind: 'info', text: 'x' });
    log.reset(ChatLog.fromRecorded([{ type: 'user_message', t: '2025-01-01T00:00:00.000Z', text: 'a' }, { type: 'assistant_text', t: '2025-01-01T00:00:00.000Z', text: 'b' }] as unknown as ReadEvent[]));
    log.add({ kind: 'info', text: 'continuing' });
    assert.equal(new Set(log.transcript.map((i) => i.id)).size, 3);
  });
});
