import { strict as assert } from 'assert';
import { ApprovalRequest, createApprovalGate, isReadOnlyCommand, UNTRUSTED_REASON } from '../../../src/core/tools/approvalPolicy';

const READ_ONLY: string[] = [
  'ls',
  'ls -la src',
  'pwd',
  'cat package.json',
  'head -n 20 src/a.ts',
  'tail -n 50 out.log',
  'wc -l src/*.ts',
  'echo hello world',
  "grep -rn 'TODO' src",
  'grep -r foo . | head -20',
  'rg -n "fn main" --type rust',
  "find . -name '*.ts' -not -path './node_modules/*'",
  'find src -type f | wc -l',
  'git status',
  'git status --porcelain',
  'git log --oneline -n 10',
  'git diff HEAD~1 -- src',
  'git show HEAD:package.json',
  'git branch',
  'git branch -a -v',
  'git --no-pager log -p',
  'which node',
  'node --version',
  'npm -v',
  'python3 --version',
  "sed -n '1,40p' src/a.ts",
  "sed 's/foo/bar/g' file.txt",
  'sort -rn counts.txt | uniq -c',
  'ls src 2>/dev/null',
  'git status 2>&1 | head',
  'ls && git status',
  'ls missing || echo none',
  'cd src && ls',
  'tree -L 2',
  'cat "file with spaces.txt"',
];

const NOT_READ_ONLY: string[] = [
  '',
  'rm -rf dist',
  'npm install',
  'npm test',
  'echo hi > out.txt',
  'echo hi >> out.txt',
  'cat a.txt > b.txt',
  'ls; rm x',
  'ls && rm x',
  'ls || rm x',
  'ls | xargs rm',
  'cat x | sh',
  'cat x | tee y',
  'echo $(rm x)',
  'echo `rm x`',
  'echo "$(rm x)"',
  'echo $HOME',
  'FOO=1 ls',
  "sed -i 's/a/b/' file",
  "sed -n '1p;w out' file",
  "sed 's/a/b/w out' file",
  'find . -exec rm {} \\;',
  'find . -name x -delete',
  'find . -fprint out.txt',
  'find . -execdir ls \\;',
  'git commit -m x',
  'git push',
  'git checkout main',
  'git branch new-feature',
  'git branch -D old',
  'git diff --output=patch.txt',
  'git log --output x',
  'git -c core.pager=evil log',
  'sort -o out.txt in.txt',
  'uniq in.txt out.txt',
  'tail -f log.txt',
  'rg --pre ./evil foo',
  'tree -o out.txt',
  'ls &',
  'sleep 1 & ls',
  'ls\nrm x',
  '(cd src && rm x)',
  '{ ls; }',
  'cat < input.txt',
  'cat <<EOF',
  'diff <(ls a) <(ls b)',
  'awk \'{print $1}\' x',
  'xargs ls',
  'env ls',
  'bash -c ls',
  './script.sh',
  '/bin/ls',
  'node script.js',
  'python version',
  'cat /etc/passwd',
  'cat ~/.ssh/id_rsa',
  'cat ../../secrets.txt',
  'ls ..',
  'git -C /elsewhere status',
  "echo 'unterminated",
  'ls |',
  '| ls',
  'ls |& cat',
  '# comment',
];

describe('tools/approvalPolicy', () => {
  describe('isReadOnlyCommand', () => {
    for (const cmd of READ_ONLY) {
      it(`read-only: ${JSON.stringify(cmd)}`, () => assert.equal(isReadOnlyCommand(cmd), true));
    }
    for (const cmd of NOT_READ_ONLY) {
      it(`not read-only: ${JSON.stringify(cmd)}`, () => assert.equal(isReadOnlyCommand(cmd), false));
    }
  });

  describe('createApprovalGate', () => {
    const command: ApprovalRequest = { kind: 'command', command: 'npm test' };
    const readOnly: ApprovalRequest = { kind: 'command', command: 'git status' };
    const edit: ApprovalRequest = { kind: 'edit', file: 'a.ts', diff: '--- a/a.ts\n+++ b/a.ts\n', before: 'a', after: 'b' };
    const asker = (answer = true) => {
      const asked: ApprovalRequest[] = [];
      const ask = async (req: ApprovalRequest) => {
        asked.push(req);
        return answer ? ({ allowed: true, how: 'user' } as const) : ({ allowed: false, reason: 'not now' } as const);
      };
      return { asked, ask };
    };

    it('denies everything in an untrusted workspace, without asking', async () => {
      const { asked, ask } = asker();
      const gate = createApprovalGate({ edits: 'allow', commands: 'allow', trusted: false, ask });
      for (const req of [command, readOnly, edit]) {
        const d = await gate(req);
        assert.equal(d.allowed, false);
        assert.equal(!d.allowed && d.reason, UNTRUSTED_REASON);
        assert.match(UNTRUSTED_REASON, /workspace is not trusted/);
      }
      assert.equal(asked.length, 0);
    });

    it('deny mode refuses with a policy reason', async () => {
      const gate = createApprovalGate({ edits: 'deny', commands: 'deny', trusted: true, ask: asker().ask });
      const d1 = await gate(command);
      const d2 = await gate(edit);
      const d3 = await gate(readOnly);
      assert.ok(!d1.allowed && /denied by the approval policy/.test(d1.reason));
      assert.ok(!d2.allowed && /Editing files is denied by the approval policy/.test(d2.reason));
      assert.equal(d3.allowed, false, 'deny wins over the read-only allowlist');
    });

    it('allow mode approves automatically', async () => {
      const { asked, ask } = asker(false);
      const gate = createApprovalGate({ edits: 'allow', commands: 'allow', trusted: true, ask });
      assert.deepEqual(await gate(command), { allowed: true, how: 'auto' });
      assert.deepEqual(await gate(edit), { allowed: true, how: 'auto' });
      assert.equal(asked.length, 0);
    });

    it('ask mode: read-only commands skip asking; others ask', async () => {
      const { asked, ask } = asker();
      const gate = createApprovalGate({ edits: 'ask', commands: 'ask', trusted: true, ask });
      assert.deepEqual(await gate(readOnly), { allowed: true, how: 'allowlist' });
      assert.deepEqual(await gate(command), { allowed: true, how: 'user' });
      assert.deepEqual(await gate(edit), { allowed: true, how: 'user' });
      assert.deepEqual(asked, [command, edit]);
    });

    it('ask mode passes the user denial through', async () => {
      const gate = createApprovalGate({ edits: 'ask', commands: 'ask', trusted: true, ask: asker(false).ask });
      assert.deepEqual(await gate(command), { allowed: false, reason: 'not now' });
    });

    it('the read-only allowlist can be switched off', async () => {
      const { asked, ask } = asker();
      const gate = createApprovalGate({ edits: 'ask', commands: 'ask', trusted: true, ask, readOnlyAllowlist: false });
      assert.deepEqual(await gate(readOnly), { allowed: true, how: 'user' });
      assert.equal(asked.length, 1);
    });

    it('always-allowed commands skip asking (read live from the set)', async () => {
      const { asked, ask } = asker();
      const alwaysAllowed = new Set<string>();
      const gate = createApprovalGate({ edits: 'ask', commands: 'ask', trusted: true, ask, alwaysAllowed });
      await gate(command);
      alwaysAllowed.add('npm test');
      assert.deepEqual(await gate({ kind: 'command', command: '  npm test ' }), { allowed: true, how: 'allowlist' });
      assert.equal(asked.length, 1);
    });

    it('denies when asking is needed but there is no one to ask, or asking fails', async () => {
      const noAsk = createApprovalGate({ edits: 'ask', commands: 'ask', trusted: true });
      const d = await noAsk(command);
      assert.ok(!d.allowed && /needs approval/.test(d.reason));
      const failing = createApprovalGate({
        edits: 'ask',
        commands: 'ask',
        trusted: true,
        ask: async () => {
          throw new Error('panel closed');
        },
      });
      const d2 = await failing(edit);
      assert.ok(!d2.allowed && /panel closed/.test(d2.reason));
    });
  });
});
