// The lesson book and its rules, one row per case: hand-made episodes of a few sessions are folded into lessons
// (buildLessons) and judged (judgeLesson). Each row expects exactly one lesson and says what the rules make of it.
import { strict as assert } from 'assert';
import type { Episode, Fix, ProblemClass, SessionContribution } from '../../../src/core/dream/read/episodeTypes';
import { buildLessons, fixDiscards, fixParts, type Lesson } from '../../../src/core/dream/plan/lessonBook';
import { judgeLesson, verifiedFixes } from '../../../src/core/dream/plan/lessonRules';

/** A fix from its key: the first `kind:from>to` part is the change, `steps:a && b` parts are the steps. */
function fix(key: string, over: Partial<Fix> = {}): Fix {
  const parts = key.split(' + ');
  const m = /^(program|wrapper|flags|operands|env|form|prefix):(.*)>(.*)$/.exec(parts.find((p) => !p.startsWith('steps:')) ?? '');
  const steps = parts.filter((p) => p.startsWith('steps:')).flatMap((p) => p.slice('steps:'.length).split(' && '));
  return { key, steps, command: 'bin/test <file>', ...(m ? { change: { kind: m[1] as NonNullable<Fix['change']>['kind'], from: m[2], to: m[3] } } : {}), ...over };
}

interface EpOpts {
  cls?: ProblemClass;
  key?: string;
  cmd?: string;
  fix?: Fix;
  outcome?: Episode['outcome'];
  noise?: string;
  day?: string;
  tries?: string[];
}

let callNo = 0;
function ep(session: string, o: EpOpts = {}): Episode {
  const cmd = o.cmd ?? 'pytest tests/test_a.py';
  return {
    sessionId: session, callId: `c${++callNo}`, day: o.day ?? '2026-03-01', command: cmd, program: cmd.split(' ')[0], general: cmd.replace(/\S+\.py/g, '<file>'),
    problem: { key: o.key ?? 'sh:not-found:pytest', class: o.cls ?? 'missing-program', tool: 'bash', line: 'bash: line 1: pytest: command not found', subjects: ['pytest'] },
    excerpt: 'bash: line 1: pytest: command not found', outcome: o.outcome ?? (o.fix ? 'fixed' : 'unresolved'),
    ...(o.fix ? { fix: o.fix } : {}), failedTries: o.tries ?? [], ...(o.noise ? { noise: o.noise } : {}),
  };
}

/** The sessions' contributions, one per session id, in the order first seen. */
function contribs(eps: Episode[]): Array<[string, SessionContribution]> {
  const by = new Map<string, Episode[]>();
  for (const e of eps) by.set(e.sessionId, [...(by.get(e.sessionId) ?? []), e]);
  return [...by].map(([id, es]) => [id, { day: es[0].day, episodes: es, noise: {}, failures: es.length, resolved: es.filter((e) => e.fix).length, corrections: [], feedback: {} }]);
}

function onlyLesson(eps: Episode[]): Lesson {
  const lessons = buildLessons(contribs(eps));
  assert.equal(lessons.length, 1, `expected one lesson, got ${lessons.map((l) => l.key).join(', ') || 'none'}`);
  return lessons[0];
}

interface Row {
  name: string;
  eps: Episode[];
  kind: 'lesson' | 'known' | 'none';
  rule?: RegExp;
  best?: string;
}

const PROGRAM = fix('program:pytest>bin/test');
const INSTALL = fix('steps:pip install numpy', { command: 'python repro.py' });
const RUNTIME = { cls: 'runtime' as const, key: 'py:KeyError', fix: INSTALL };
const MOD = { cls: 'missing-module' as const, key: 'py:no-module:numpy' };

const ROWS: Row[] = [
  { name: 'a fix verified in two sessions', eps: [ep('a', { fix: PROGRAM }), ep('b', { fix: PROGRAM })], kind: 'lesson', rule: /two or more sessions$/, best: PROGRAM.key },
  { name: 'a fix verified in two sessions counts even for a runtime problem', eps: [ep('a', RUNTIME), ep('b', RUNTIME)], kind: 'lesson', rule: /a fix got past it in two or more sessions/ },
  { name: 'a problem in two sessions, one of them fixed', eps: [ep('a', { ...MOD, fix: INSTALL }), ep('b', MOD)], kind: 'lesson', rule: /recurred in two or more sessions and a fix/, best: INSTALL.key },
  { name: 'a runtime problem in two sessions, one of them fixed by an install, is a lesson', eps: [ep('a', RUNTIME), ep('b', { ...RUNTIME, fix: undefined })], kind: 'lesson', rule: /recurred in two or more sessions and a fix/ },
  {
    name: 'a runtime problem in two sessions, one of them got past only after something else ran (a weak fix), is no lesson',
    eps: [ep('a', { ...RUNTIME, fix: fix('steps:python setup.py', { command: 'python repro.py', weak: true }) }), ep('b', { ...RUNTIME, fix: undefined })],
    kind: 'none',
  },
  {
    name: 'two distinct failing commands in one session, got past by the same fix',
    eps: [ep('a', { ...MOD, cmd: 'python repro.py', fix: INSTALL }), ep('a', { ...MOD, cmd: 'python other.py', fix: INSTALL })],
    kind: 'lesson', rule: /several failures in one session/,
  },
  {
    name: 'the same command failing twice in one session (spacing aside), one fix',
    eps: [ep('a', { ...MOD, cmd: 'python repro.py', fix: INSTALL }), ep('a', { ...MOD, cmd: 'python  repro.py ', fix: INSTALL })],
    kind: 'none', rule: /seen once/,
  },
  ...(['program:pytest>bin/test', 'wrapper:>python -m', 'flags:--ext>', 'form:python -c>python - <<\'EOF\'', 'env:>CI=1'] as const).flatMap((key): Row[] => [
    { name: `a missing program fixed by a minimal change (${key}) after one session`, eps: [ep('a', { fix: fix(key) })], kind: 'lesson', rule: /tool-contract error/, best: key },
    { name: `a usage error fixed by a minimal change (${key}) after one session`, eps: [ep('a', { cls: 'usage', key: 'usage:x', fix: fix(key) })], kind: 'lesson', rule: /tool-contract error/ },
  ]),
  { name: 'a usage error fixed by another operand is no lesson after one session', eps: [ep('a', { cls: 'usage', key: 'usage:x', fix: fix('operands:tests/a.py>tests/b.py') })], kind: 'none' },
  { name: 'a minimal change with an operands part is no lesson after one session', eps: [ep('a', { cls: 'usage', key: 'usage:x', fix: fix('flags:--ext> + operands:a.py>b.py') })], kind: 'none' },
  { name: 'a step run first in the same command is no minimal change', eps: [ep('a', { cls: 'usage', key: 'usage:x', fix: fix('prefix:>git stash') })], kind: 'none' },
  { name: 'a minimal change with setup steps is no lesson after one session', eps: [ep('a', { fix: fix('program:pytest>bin/test + steps:pip install x') })], kind: 'none' },
  { name: 'a minimal change of a missing module is no tool-contract lesson', eps: [ep('a', { ...MOD, fix: fix('wrapper:>python -m') })], kind: 'none' },
  ...(['missing-program', 'missing-module', 'usage', 'refused', 'tool'] as const).map((cls): Row => ({
    name: `no fix in two sessions (${cls}) is a known problem`, eps: [ep('a', { cls }), ep('b', { cls })], kind: 'known', rule: /nothing got past it/,
  })),
  {
    name: 'a tool\'s error about no file of the repository (a fetch that failed) is no known problem',
    eps: [ep('a', { cls: 'tool', key: 'WebFetch: request failed' }), ep('b', { cls: 'tool', key: 'WebFetch: request failed' })].map((e) => ({ ...e, problem: { ...e.problem, subjects: [] } })),
    kind: 'none',
  },
  ...(['test', 'runtime'] as const).map((cls): Row => ({ name: `no fix in two sessions (${cls}) is nothing`, eps: [ep('a', { cls }), ep('b', { cls })], kind: 'none' })),
  { name: 'unresolved in one session is nothing', eps: [ep('a', MOD)], kind: 'none', rule: /one session, with no fix/ },
  {
    name: 'failing the same way with the changes undone, in two sessions',
    eps: [ep('a', { cls: 'test', key: 't:x', outcome: 'pre-existing' }), ep('b', { cls: 'test', key: 't:x', outcome: 'pre-existing' })],
    kind: 'known', rule: /changes undone/,
  },
  { name: 'pre-existing in one session only is nothing', eps: [ep('a', { cls: 'test', key: 't:x', outcome: 'pre-existing' })], kind: 'none' },
  { name: 'a retry in two sessions is no fix', eps: [ep('a', { cls: 'test', key: 't:x', fix: fix('retry') }), ep('b', { cls: 'test', key: 't:x', fix: fix('retry') })], kind: 'none' },
  { name: 'a retry in two sessions leaves a tool problem known', eps: [ep('a', { ...MOD, fix: fix('retry') }), ep('b', { ...MOD, fix: fix('retry') })], kind: 'known' },
  {
    name: 'a retry beside a real fix: the real one is the best',
    eps: [ep('a', { ...MOD, fix: fix('retry') }), ep('b', { ...MOD, fix: fix('retry') }), ep('c', { ...MOD, fix: INSTALL })],
    kind: 'lesson', best: INSTALL.key,
  },
  { name: 'a fix recorded without the fixed outcome does not count', eps: [ep('a', { ...MOD, fix: INSTALL, outcome: 'unresolved' }), ep('b', { ...MOD, fix: INSTALL, outcome: 'unresolved' })], kind: 'known' },
  {
    name: 'noise episodes add no session: one real episode and noise elsewhere',
    eps: [ep('a', { ...MOD, fix: INSTALL }), ep('b', { ...MOD, fix: INSTALL, noise: 'the task\'s own bug' }), ep('c', { ...MOD, noise: 'scratch script' })],
    kind: 'none',
  },
];

describe('lesson rules', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const v = judgeLesson(onlyLesson(row.eps));
      assert.equal(v.kind, row.kind, `rule: ${v.rule}`);
      if (row.rule) assert.match(v.rule, row.rule);
      if (row.best) assert.equal(v.kind === 'lesson' && v.fixes[0].key, row.best);
      if (v.kind === 'lesson') assert.ok(v.fixes.every((f) => f.key !== 'retry'));
    });
  }

  it('noise episodes alone make no lesson', () => {
    assert.deepEqual(buildLessons(contribs([ep('a', { fix: PROGRAM, noise: 'typo' }), ep('b', { fix: PROGRAM, noise: 'typo' })])), []);
  });

  it('an episode without a problem key makes no lesson', () => {
    assert.deepEqual(buildLessons(contribs([ep('a', { key: '', fix: PROGRAM }), ep('b', { key: '', fix: PROGRAM })])), []);
  });

  it('fixParts: each change and each step; a retry or a script fix is one part', () => {
    assert.deepEqual(fixParts(fix('wrapper:/usr/bin/python3 -m> + steps:pip install pytest')), ['wrapper:/usr/bin/python3 -m>', 'step:pip install pytest']);
    assert.deepEqual(fixParts(fix('steps:npm ci && npm run build')), ['step:npm ci', 'step:npm run build']);
    assert.deepEqual(fixParts(fix('retry')), ['retry']);
    assert.deepEqual(fixParts(fix('script:import sys', { steps: ['x'] })), ['script:import sys']);
  });

  it('verifiedFixes puts a fix made only of agreed parts before one with an extra step', () => {
    const extra = fix('wrapper:/usr/bin/python3 -m> + steps:pip install pytest');
    const pure = fix('wrapper:/usr/bin/python3 -m>');
    // The extra one ranks first by itself (more episodes, later), but only its wrapper part is agreed on.
    const l = onlyLesson([ep('a', { fix: extra, day: '2026-03-02' }), ep('a', { fix: extra, day: '2026-03-02', cmd: 'pytest tests/b.py' }), ep('b', { fix: pure })]);
    assert.deepEqual(l.fixes.map((f) => f.key), [extra.key, pure.key]);
    assert.deepEqual([...l.parts].map(([p, s]) => [p, [...s].sort()]), [['wrapper:/usr/bin/python3 -m>', ['a', 'b']], ['step:pip install pytest', ['a']]]);
    assert.deepEqual(verifiedFixes(l).map((f) => f.key), [pure.key, extra.key]);
    const v = judgeLesson(l);
    assert.equal(v.kind === 'lesson' && v.fixes[0].key, pure.key);
    // The brief's case: one session with the extra step, two without.
    const l2 = onlyLesson([ep('a', { fix: extra }), ep('b', { fix: pure }), ep('c', { fix: pure })]);
    assert.deepEqual(verifiedFixes(l2).map((f) => [f.key, f.sessions.size]), [[pure.key, 2], [extra.key, 1]]);
  });

  it('without agreed parts, the fix that got past more failures comes first', () => {
    const l = onlyLesson([ep('a', { fix: fix('program:pytest>bin/test') }), ep('a', { fix: fix('flags:-x>'), cmd: 'pytest b.py' }), ep('a', { fix: fix('flags:-x>'), cmd: 'pytest c.py' })]);
    assert.deepEqual(verifiedFixes(l).map((f) => f.key), ['flags:-x>', 'program:pytest>bin/test']);
  });

  it('a fix that forces past a safety check comes after one that does not, even with more support', () => {
    const force = fix('flags:>-f', { command: 'git checkout -f main' });
    const stash = fix('prefix:>git stash', { command: 'git checkout main', change: { kind: 'prefix', from: '', to: 'git stash' } });
    const l = onlyLesson([ep('a', { fix: force }), ep('a', { fix: force, cmd: 'git checkout main && git pull' }), ep('b', { fix: stash })]);
    assert.deepEqual(verifiedFixes(l).map((f) => f.key), [stash.key, force.key]);
    assert.match(fixDiscards(force) ?? '', /throws away uncommitted changes/);
    assert.equal(fixDiscards(stash), undefined);
  });

  it('script lines two sessions added become one fix with only the shared lines', () => {
    const s = (lines: string[]) => fix(`script:${lines.join(' | ')}`, { scriptLines: lines, command: 'python repro.py' });
    const l = onlyLesson([
      ep('a', { ...MOD, fix: s(['import sys', 'sys.path.insert(0, ".")', 'print(1)']) }),
      ep('b', { ...MOD, fix: s(['sys.path.insert(0, ".")', 'import sys', 'x = 2']) }),
      ep('c', { ...MOD, fix: s(['print(3)']) }),
    ]);
    assert.equal(l.fixes.length, 1);
    const f = l.fixes[0];
    assert.deepEqual(f.fix.scriptLines, ['import sys', 'sys.path.insert(0, ".")']);
    assert.equal(f.key, 'script:import sys | sys.path.insert(0, ".")');
    assert.deepEqual([...f.sessions].sort(), ['a', 'b']);
    const v = judgeLesson(l);
    assert.equal(v.kind, 'lesson');
    assert.match(v.rule, /a fix got past it in two or more sessions/);
  });

  it('script lines no two sessions share leave no script fix', () => {
    const s = (lines: string[]) => fix(`script:${lines.join(' | ')}`, { scriptLines: lines });
    const l = onlyLesson([ep('a', { ...MOD, fix: s(['import a']) }), ep('b', { ...MOD, fix: s(['import b']) })]);
    assert.deepEqual(l.fixes, []);
    assert.equal(judgeLesson(l).kind, 'known');
  });

  it('is deterministic: contributions in another order give the same lessons, in the same order', () => {
    const eps = [
      ep('s2', { fix: fix('program:pytest>bin/test'), cmd: 'pytest tests/x.py' }),
      ep('s1', { fix: fix('wrapper:>python -m'), cmd: 'pytest tests/y.py' }),
      ep('s3', { ...MOD, fix: INSTALL, day: '2026-02-27' }),
      ep('s1', { cls: 'usage', key: 'usage:flag', fix: fix('flags:--ext>') }),
      ep('s4', { cls: 'usage', key: 'usage:flag', day: '2026-03-03', tries: ['eslint --ext .ts'] }),
    ];
    const dump = (ls: Lesson[]) => JSON.stringify(ls, (_k, v: unknown) => (v instanceof Set ? [...v] : v instanceof Map ? [...v] : v));
    const forward = contribs(eps);
    const expected = dump(buildLessons(forward));
    assert.equal(dump(buildLessons([...forward].reverse())), expected);
    assert.equal(dump(buildLessons([forward[2], forward[0], forward[3], forward[1]])), expected);
    const lessons = buildLessons(forward);
    assert.deepEqual(lessons.map((l) => l.key), ['py:no-module:numpy', 'sh:not-found:pytest', 'usage:flag']);
    // Same day, two sessions: the example is the later session id's, whatever the input order.
    assert.equal(lessons[1].example.session, 's2');
    assert.deepEqual(lessons[1].fixes.map((f) => f.key), ['program:pytest>bin/test', 'wrapper:>python -m']);
  });
});
