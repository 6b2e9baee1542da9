import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ToolError } from '../../../src/core/tools/toolTypes';
import { resolveInWorkspace, workspaceRelative } from '../../../src/core/tools/workspacePath';
import { cleanup, makeTempDir } from './toolTestKit';

describe('tools/workspacePath', () => {
  let root: string;
  let outside: string;
  beforeEach(() => {
    root = makeTempDir();
    outside = makeTempDir('lucid-outside-');
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'a.ts'), 'a');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
  });
  afterEach(() => {
    cleanup(root);
    cleanup(outside);
  });

  const refused = (p: string, re: RegExp, forWrite = false) =>
    assert.throws(() => resolveInWorkspace(root, p, { forWrite }), (err: unknown) => err instanceof ToolError && re.test(err.message));

  it('accepts relative paths, absolute paths inside, and paths not created yet', () => {
    assert.equal(resolveInWorkspace(root, 'src/a.ts'), path.join(root, 'src', 'a.ts'));
    assert.equal(resolveInWorkspace(root, path.join(root, 'src', 'a.ts')), path.join(root, 'src', 'a.ts'));
    assert.equal(resolveInWorkspace(root, 'src/../src/new/deep.ts'), path.join(root, 'src', 'new', 'deep.ts'));
    assert.equal(resolveInWorkspace(root, '.'), root);
    assert.equal(resolveInWorkspace(root, '..lucid'), path.join(root, '..lucid'), 'a name starting with .. is fine');
  });

  it('refuses .. escapes, absolute paths elsewhere, NUL bytes and encoded tricks', () => {
    refused('../x', /outside the workspace/);
    refused('src/../../x', /outside the workspace/);
    refused('/etc/passwd', /outside the workspace/);
    refused(path.join(outside, 'secret.txt'), /outside the workspace/);
    refused('src/a.ts\0.png', /NUL/);
    refused('%2e%2e/x', /percent-encoded/);
    refused('..%2fx', /percent-encoded/);
    refused('%252e%252e/x', /percent-encoded/);
    refused('~/.ssh/id_rsa', /home folder/);
    refused('file:///etc/passwd', /URL/);
    refused('', /path is required/);
  });

  it('refuses symlinks that lead outside, even for files that do not exist yet', () => {
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
    fs.symlinkSync(outside, path.join(root, 'linkdir'));
    refused('link.txt', /symbolic link/);
    refused('linkdir/new.txt', /symbolic link/);
    fs.symlinkSync(path.join(outside, 'missing.txt'), path.join(root, 'dangling.txt'));
    refused('dangling.txt', /symbolic link/, true);
  });

  it('follows symlinks that stay inside', () => {
    fs.symlinkSync(path.join(root, 'src'), path.join(root, 'alias'));
    assert.equal(resolveInWorkspace(root, 'alias/a.ts'), path.join(root, 'src', 'a.ts'));
  });

  it('refuses .git internals for writes only', () => {
    fs.mkdirSync(path.join(root, '.git'));
    assert.equal(resolveInWorkspace(root, '.git/config'), path.join(root, '.git', 'config'));
    refused('.git/config', /\.git/, true);
    refused('sub/.git/hooks/pre-commit', /\.git/, true);
    assert.equal(resolveInWorkspace(root, '.gitignore', { forWrite: true }), path.join(root, '.gitignore'));
  });

  it('gives workspace-relative paths with forward slashes', () => {
    assert.equal(workspaceRelative(root, path.join(root, 'src', 'a.ts')), 'src/a.ts');
    assert.equal(workspaceRelative(root, root), '.');
  });
});
