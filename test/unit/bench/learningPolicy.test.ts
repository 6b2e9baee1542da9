import { strict as assert } from 'assert';
import { decide, parseRequest } from '../../bench/learningPolicy';
import { QUIRKS } from '../../bench/learningQuirks';

const q = (id: string) => QUIRKS.find((x) => x.id === id)!;
const task = (labels: string[], session = 3) => `Task 4 (session ${session}). Please do the following, in order, and tell me when it is done:\n${labels.map((l, i) => `${i + 1}. ${l}`).join('\n')}`;
const sys = (memory: string) => [{ type: 'text', text: 'You are Lucid.' }, { type: 'text', text: `<lucid-memory>\n${memory}\n</lucid-memory>` }];
let n = 0;
/** A request body: the task, then each [command, ok, output] as a tool_use and its tool_result. */
function body(memory: string, labels: string[], calls: Array<[string, boolean, string]> = []): any {
  const messages: any[] = [{ role: 'user', content: [{ type: 'text', text: task(labels) }] }];
  for (const [command, ok, output] of calls) {
    const id = `toolu_${++n}`;
    messages.push({ role: 'assistant', content: [{ type: 'tool_use', id, name: 'bash', input: { command } }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, is_error: !ok, content: [{ type: 'text', text: output }] }] });
  }
  return { model: 'm', max_tokens: 10, system: sys(memory), messages };
}
const command = (reply: any) => reply.toolUses?.[0]?.input?.command;

describe('learning benchmark policy (the scripted model)', () => {
  const cfg = { seed: 1 };
  const pnpm = q('pnpm-only');

  it('runs the naive command when nothing in the request names the fix', () => {
    assert.equal(command(decide(body('(The memory is empty so far.)', [pnpm.label]), cfg)), 'npm ci');
  });

  it('applies the fix first when the system prompt names it (backticked, or in plain words as note titles are)', () => {
    const digest = '- `npm ci` fails with "npm ERR! code EUSAGE": run `pnpm install --frozen-lockfile` instead — [x](notes/x.md)';
    assert.equal(command(decide(body(digest, [pnpm.label]), cfg)), 'pnpm install --frozen-lockfile');
    const title = '- When npm ci fails here, run pnpm install --frozen-lockfile instead. — [y](notes/y.md)';
    assert.equal(command(decide(body(title, [pnpm.label]), cfg)), 'pnpm install --frozen-lockfile');
  });

  it('matches the generalised `<file>` form a dream writes', () => {
    const nodeTs = q('node-ts');
    const digest = '- `node` fails with "Unknown file extension": run `node --import tsx <file>` instead';
    assert.equal(command(decide(body(digest, [nodeTs.label]), cfg)), 'node --import tsx scripts/seed.ts');
  });

  it('uses a fix that appears only in a recall block attached to a failing result', () => {
    const recall = `${pnpm.errorOutput}\n\n[exit code 1]\n<lucid-memory-recall>\n### npm ci fails (/memories/a.md)\n**Do:** run \`pnpm install --frozen-lockfile\` instead.\n</lucid-memory-recall>`;
    const reply = decide(body('(The memory is empty so far.)', [pnpm.label], [['npm ci', false, recall]]), cfg);
    assert.equal(command(reply), 'pnpm install --frozen-lockfile');
  });

  it('without a recall, makes wrong tries after the error and then finds the fix', () => {
    const seen: string[] = [];
    const calls: Array<[string, boolean, string]> = [];
    for (let i = 0; i < 6; i++) {
      const c = command(decide(body('', [pnpm.label], calls), cfg));
      if (!c) break;
      seen.push(c);
      calls.push([c, c === 'pnpm install --frozen-lockfile', c === 'pnpm install --frozen-lockfile' ? 'done' : pnpm.errorOutput]);
    }
    assert.equal(seen[0], 'npm ci');
    assert.equal(seen[seen.length - 1], 'pnpm install --frozen-lockfile');
    assert.ok(seen.length === 3 || seen.length === 4, seen.join(' | '));
    assert.ok(seen.slice(1, -1).every((c) => pnpm.wrong.includes(c)));
    assert.match(decide(body('', [pnpm.label], calls), cfg).text as string, /^Done/);
  });

  it('skips a remembered fix the request shows failing, and one that failed in this conversation', () => {
    const codegen = q('codegen');
    const stale = '**When** `npm run codegen` fails with: Missing script\n- run `npm run codegen` first';
    assert.equal(command(decide(body(stale, [codegen.label]), cfg)), 'npm test -- api');
    const failed = decide(body('run `npm run codegen` first', [codegen.label], [['npm run codegen', false, 'npm ERR! Missing script: "codegen"']]), cfg);
    assert.equal(command(failed), 'npm test -- api');
  });

  it('runs a prep fix, then the command it prepares', () => {
    const codegen = q('codegen');
    assert.equal(command(decide(body('run `npm run codegen` first', [codegen.label], [['npm run codegen', true, 'done']]), cfg)), 'npm test -- api');
  });

  it('reads only the request body: the same body gives the same reply, and the task is parsed from it', () => {
    const b = body('', [pnpm.label, 'run the linter']);
    const frozen = JSON.parse(JSON.stringify(b));
    Object.freeze(frozen);
    assert.deepEqual(decide(frozen, cfg), decide(JSON.parse(JSON.stringify(b)), cfg));
    assert.deepEqual(parseRequest(b).actions.length, 2);
  });

  it('the oracle applies every fix without looking at memory', () => {
    assert.equal(command(decide(body('', [pnpm.label]), { seed: 1, oracle: true })), 'pnpm install --frozen-lockfile');
  });
});
