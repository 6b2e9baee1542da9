// The grader's diff evidence: the agent's edits, and in a git repository what the shell changed since the outcome
// started; a change the user had made before is not the session's.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { trackWorkChanges } from '../../../src/core/outcome/workChanges';

describe('work changes for the grader', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-work-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('shows the agent\'s edits and the files the shell changed since the start, not the user\'s earlier changes', async () => {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: root, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 't');
    fs.writeFileSync(path.join(root, 'a.txt'), 'one\n');
    fs.writeFileSync(path.join(root, 'user.txt'), 'base\n');
    git('add', '.');
    git('commit', '-qm', 'base');
    fs.writeFileSync(path.join(root, 'user.txt'), 'the user was here\n');
    const changes = await trackWorkChanges(root);
    changes.edited('b.ts', '--- b.ts\n+++ b.ts\n+export const b = 1;');
    fs.writeFileSync(path.join(root, 'a.txt'), 'one\ntwo from the shell\n');
    fs.writeFileSync(path.join(root, 'new.txt'), 'made by a command\n');
    const text = await changes.evidence();
    assert.match(text, /### b\.ts \(edited by the agent\)\n[\s\S]*export const b = 1;/);
    assert.match(text, /### a\.txt \(changed through the shell\)[\s\S]*\+two from the shell/);
    assert.match(text, /### new\.txt \(changed through the shell\)\n\(new file\)\nmade by a command/);
    assert.doesNotMatch(text, /user\.txt/);
  });

  it('outside a git repository, only the agent\'s edits; nothing changed says so', async () => {
    const changes = await trackWorkChanges(root);
    assert.equal(await changes.evidence(), 'No file was changed.');
    changes.edited('x.md', '+x');
    assert.match(await changes.evidence(), /^### x\.md \(edited by the agent\)\n\+x$/);
  });
});
