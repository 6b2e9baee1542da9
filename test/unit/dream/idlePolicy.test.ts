// The idle policy (when a dream starts on its own) and the cheap "anything new?" check it relies on.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { notesFingerprint, readDreamIndex, sessionsPending } from '../../../src/core/dream/dreamPending';
import { runDream } from '../../../src/core/dream/dreamRunner';
import { activityCancelsDream, decideIdleDream, idleThresholdMs, type IdleSnapshot } from '../../../src/core/dream/idlePolicy';
import { memoryPaths } from '../../../src/core/memory/memoryLayout';
import { hasChangedSessions } from '../../../src/core/sessions/sessionIndex';
import { recordSession, tempWorkspace, VITEST_FAIL, VITEST_FIX } from './dreamKit';

const MIN = 60_000;
const T0 = 1_000_000_000;

/** Ten minutes and a second of a blurred window with new sessions: the one case that goes. */
const idle = (over: Partial<IdleSnapshot & { pending: boolean }> = {}) => ({
  now: T0 + 10 * MIN + 1000,
  lastActivityAt: T0,
  focused: false,
  active: false,
  auto: true,
  idleMinutes: 10,
  agentRunning: false,
  dreaming: false,
  pending: true,
  ...over,
});

describe('idle policy', () => {
  it('goes when unfocused, quiet for the configured minutes, with new sessions and no agent running', () => {
    assert.deepEqual(decideIdleDream(idle()), { go: true });
  });

  it('goes when the window is focused but inactive (the user walked away)', () => {
    assert.deepEqual(decideIdleDream(idle({ focused: true, active: false })), { go: true });
  });

  it('does not go while the window is focused and active', () => {
    assert.deepEqual(decideIdleDream(idle({ focused: true, active: true })), { go: false, blocker: 'window-in-use' });
  });

  it('waits until the configured minutes have passed since the last activity, and says how long is left', () => {
    assert.deepEqual(decideIdleDream(idle({ now: T0 + 9 * MIN })), { go: false, blocker: 'recent-activity', waitMs: MIN });
    assert.deepEqual(decideIdleDream(idle({ idleMinutes: 2, now: T0 + 2 * MIN })), { go: true });
    assert.deepEqual(decideIdleDream(idle({ idleMinutes: 30, now: T0 + 29 * MIN })), { go: false, blocker: 'recent-activity', waitMs: MIN });
  });

  it('needs new sessions', () => {
    assert.deepEqual(decideIdleDream(idle({ pending: false })), { go: false, blocker: 'nothing-new' });
  });

  it('never dreams while an agent session runs, while dreaming, or when turned off', () => {
    assert.equal((decideIdleDream(idle({ agentRunning: true })) as { blocker: string }).blocker, 'agent-running');
    assert.equal((decideIdleDream(idle({ dreaming: true })) as { blocker: string }).blocker, 'dreaming');
    assert.equal((decideIdleDream(idle({ auto: false })) as { blocker: string }).blocker, 'disabled');
  });

  it('dreams once per idle period: again only after new activity and a new quiet stretch', () => {
    const dreamt = T0 + 10 * MIN + 1000;
    assert.equal((decideIdleDream(idle({ lastIdleDreamAt: dreamt, now: dreamt + 60 * MIN })) as { blocker: string }).blocker, 'dreamt-this-period');
    const typedAt = dreamt + 5 * MIN;
    assert.equal((decideIdleDream(idle({ lastIdleDreamAt: dreamt, lastActivityAt: typedAt, now: typedAt + 9 * MIN })) as { blocker: string }).blocker, 'recent-activity');
    assert.deepEqual(decideIdleDream(idle({ lastIdleDreamAt: dreamt, lastActivityAt: typedAt, now: typedAt + 10 * MIN })), { go: true });
  });

  it('activity cancels a dream in progress', () => {
    assert.equal(activityCancelsDream(T0, T0 + 1), true);
    assert.equal(activityCancelsDream(T0, T0), true);
    assert.equal(activityCancelsDream(T0, T0 - 1), false, 'activity before the dream began is what it waited out');
  });

  it('reads the setting safely', () => {
    assert.equal(idleThresholdMs(10), 10 * MIN);
    assert.equal(idleThresholdMs(0.5), 30_000);
    assert.equal(idleThresholdMs(Number.NaN), 10 * MIN);
    assert.equal(idleThresholdMs(-3), 10 * MIN);
  });
});

describe('dreamPending', () => {
  let ws: string;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('sees new sessions until a dream has read them, and a session that grew since', async () => {
    const paths = memoryPaths(ws);
    assert.equal(await sessionsPending(paths), false, 'no sessions folder yet');
    const file = await recordSession(ws, [VITEST_FAIL, VITEST_FIX]);
    assert.equal(await sessionsPending(paths), true);
    await runDream({ workspaceRoot: ws });
    assert.equal(await sessionsPending(paths), false);
    const index = await readDreamIndex(paths);
    assert.ok(index[path.basename(file)], 'the dream indexed the session it read');
    fs.appendFileSync(file, '{"type":"user_message","t":"2026-03-01T11:00:00.000Z","seq":9,"text":"more"}\n');
    assert.equal(await hasChangedSessions(paths.sessions, index), true, 'grew after the dream');
    await recordSession(ws, [VITEST_FAIL, VITEST_FIX], { day: '2026-03-02' });
    assert.equal(await sessionsPending(paths), true);
  });

  it('treats a missing or damaged dream state as "read everything"', async () => {
    const paths = memoryPaths(ws);
    await recordSession(ws, [VITEST_FAIL]);
    fs.mkdirSync(paths.cache, { recursive: true });
    fs.writeFileSync(path.join(paths.cache, 'dream-state.json'), '{ not json');
    assert.deepEqual(await readDreamIndex(paths), {});
    assert.equal(await sessionsPending(paths), true);
  });

  it('fingerprints the notes folder so notes arriving with a pull are noticed', async () => {
    const { notes } = memoryPaths(ws);
    const empty = await notesFingerprint(notes);
    fs.mkdirSync(notes, { recursive: true });
    fs.writeFileSync(path.join(notes, 'a.md'), 'x');
    const one = await notesFingerprint(notes);
    assert.notEqual(one, empty);
    assert.equal(await notesFingerprint(notes), one);
    fs.writeFileSync(path.join(notes, 'a.md'), 'xy');
    assert.notEqual(await notesFingerprint(notes), one);
  });
});
