// What programs do, as far as reading a session needs to know: which only print what they read (their output
// is content, not errors), which filter a pipe (and so hide the exit status of the command before them),
// which install dependencies, which run code under another program's name (wrappers), and which edit files.

/** Print files, listings or facts: their output is what they read, never an error of the project. */
export const READERS = new Set([
  'cat', 'head', 'tail', 'less', 'more', 'nl', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'find', 'fd', 'ls', 'tree',
  'wc', 'diff', 'cmp', 'file', 'stat', 'du', 'df', 'which', 'type', 'whereis', 'pwd', 'echo', 'printf', 'env', 'printenv',
  'sed', 'awk', 'cut', 'sort', 'uniq', 'tr', 'jq', 'yq', 'xxd', 'od', 'hexdump', 'strings', 'column', 'basename', 'dirname',
  'realpath', 'readlink', 'date', 'true', 'false', 'test', '[', '[[', 'sleep', 'cd', 'pushd', 'popd', 'export', 'set',
  'unset', 'alias', 'clear', 'id', 'whoami', 'hostname', 'uname', 'locale', 'fold', 'fmt', 'tac', 'rev', 'sha256sum',
  'md5sum', 'shasum', 'base64', 'seq', 'yes', ':',
]);

/** Commands that only inspect (never a fix step): readers, plus read-only subcommands of tools with subcommands. */
export const INSPECTING_SUBCOMMANDS = new Set([
  'git status', 'git log', 'git diff', 'git show', 'git branch', 'git remote', 'git grep', 'git blame', 'git ls-files',
  'git rev-parse', 'git describe', 'git config', 'git stash list', 'git stash show', 'npm ls', 'npm list', 'npm view',
  'npm config', 'npm outdated', 'npm why', 'npm explain', 'pnpm ls', 'pnpm list', 'pnpm why', 'yarn why', 'yarn list',
  'yarn info', 'pip show', 'pip list', 'pip freeze', 'pip3 show', 'pip3 list', 'pip3 freeze', 'pip index', 'cargo tree',
  'cargo metadata', 'go env', 'go list', 'go version', 'gh pr', 'gh issue', 'gh run', 'docker ps', 'docker images',
  'docker logs', 'docker inspect', 'kubectl get', 'kubectl describe', 'kubectl logs', 'conda list', 'conda info',
  'poetry show', 'uv pip show', 'uv pip list', 'uv pip freeze', 'uv pip tree', 'gh pr view', 'gh pr list', 'gh pr diff', 'gh pr checks', 'gh issue view', 'gh issue list', 'gh run view', 'gh run list', 'gh repo view', 'docker compose ps', 'docker compose logs', 'brew list', 'apt list', 'dpkg -l',
]);

/** Programs that, after the first stage of a pipe, decide its exit status whatever happened before them. */
export const FILTERS = new Set([
  'head', 'tail', 'grep', 'egrep', 'fgrep', 'rg', 'sed', 'awk', 'cut', 'sort', 'uniq', 'wc', 'tr', 'tee', 'less', 'more',
  'cat', 'column', 'jq', 'nl', 'fold', 'fmt', 'tac', 'ts', 'cat -A',
]);

/** Programs that run another program named after them (`sudo X`, `npx X`): the program is X. */
export const WRAPPERS = new Set(['sudo', 'time', 'nohup', 'exec', 'command', 'nice', 'ionice', 'stdbuf', 'xargs', 'npx', 'pnpx', 'bunx', 'timeout', 'env', 'caffeinate', 'unbuffer', 'script']);

/** `pnpm exec X`, `uv run X`, …: the wrapper is two words. */
export const WRAPPER_SUBCOMMANDS: Record<string, ReadonlySet<string>> = {
  npm: new Set(['exec', 'x']),
  pnpm: new Set(['exec', 'dlx']),
  yarn: new Set(['exec', 'dlx']),
  bun: new Set(['x']),
  uv: new Set(['run']),
  poetry: new Set(['run']),
  pipenv: new Set(['run']),
  pdm: new Set(['run']),
  hatch: new Set(['run']),
  bundle: new Set(['exec']),
  conda: new Set(['run']),
  mamba: new Set(['run']),
  docker: new Set(['exec']),
  'docker-compose': new Set(['exec', 'run']),
};

/** Programs with subcommands: the subcommand is part of what the call does (`git checkout`, `npm test`). */
export const WITH_SUBCOMMANDS = new Set([
  'npm', 'pnpm', 'yarn', 'bun', 'git', 'cargo', 'go', 'docker', 'docker-compose', 'kubectl', 'pip', 'pip3', 'poetry', 'uv',
  'dotnet', 'gradle', './gradlew', 'gradlew', 'mvn', './mvnw', 'gh', 'deno', 'rustup', 'make', 'conda', 'mamba', 'brew',
  'apt', 'apt-get', 'yum', 'dnf', 'apk', 'gem', 'bundle', 'composer', 'helm', 'terraform', 'tox', 'nox', 'just', 'rake',
  'pipenv', 'pdm', 'hatch', 'pixi', 'swift', 'mix', 'stack', 'cabal', 'nx', 'turbo', 'lerna', 'rush', 'corepack', 'nvm',
]);

/** Subcommands that group verbs (`uv pip install`, `gh pr view`, `docker compose up`): the verb is part of the subcommand. */
export const NESTED_SUBCOMMANDS: Record<string, ReadonlySet<string>> = {
  uv: new Set(['pip', 'tool', 'python', 'cache']),
  gh: new Set(['pr', 'issue', 'repo', 'run', 'workflow', 'release', 'auth', 'gist', 'secret', 'label', 'codespace']),
  docker: new Set(['compose', 'image', 'container', 'volume', 'network', 'buildx']),
  poetry: new Set(['self', 'env', 'cache']),
  cargo: new Set(['llvm-cov']),
};

/** Subcommands that name a script to run (`npm run build`): the script is part of the subcommand. */
export const SCRIPT_RUNNERS = new Set(['run', 'run-script']);

/** Interpreters: `python x.py` runs x.py; `python -c CODE` runs CODE. */
export const INTERPRETERS = new Set(['python', 'node', 'ruby', 'perl', 'bash', 'sh', 'zsh', 'dash', 'php', 'deno', 'bun', 'tsx', 'ts-node', 'Rscript', 'lua', 'julia', 'pwsh', 'osascript']);

/** Flags of interpreters that take the code inline. */
export const INLINE_CODE_FLAGS: Record<string, string[]> = {
  python: ['-c'],
  node: ['-e', '--eval', '-p', '--print'],
  ruby: ['-e'],
  perl: ['-e', '-E', '-pe', '-ne', '-lne', '-lpe'],
  bash: ['-c'],
  sh: ['-c'],
  zsh: ['-c'],
  dash: ['-c'],
  php: ['-r'],
  deno: ['eval'],
  bun: ['-e', '--eval'],
};

/** `npm install`, `pip install x`, `apt-get install y`…: the calls that install dependencies or tools. */
const INSTALL_SUBCOMMANDS: Record<string, ReadonlySet<string>> = {
  npm: new Set(['install', 'i', 'ci', 'add', 'install-clean', 'rebuild']),
  pnpm: new Set(['install', 'i', 'add', 'rebuild', 'fetch']),
  yarn: new Set(['install', 'add', '']),
  bun: new Set(['install', 'i', 'add']),
  pip: new Set(['install']),
  pip3: new Set(['install']),
  pipx: new Set(['install']),
  conda: new Set(['install', 'create']),
  mamba: new Set(['install', 'create']),
  micromamba: new Set(['install', 'create']),
  apt: new Set(['install']),
  'apt-get': new Set(['install']),
  yum: new Set(['install']),
  dnf: new Set(['install']),
  apk: new Set(['add']),
  brew: new Set(['install']),
  port: new Set(['install']),
  gem: new Set(['install']),
  bundle: new Set(['install']),
  cargo: new Set(['install', 'add', 'fetch']),
  go: new Set(['get', 'install', 'mod']),
  poetry: new Set(['install', 'add']),
  uv: new Set(['sync', 'add', 'pip install', 'pip sync', 'tool install']),
  pipenv: new Set(['install']),
  pdm: new Set(['install', 'add', 'sync']),
  composer: new Set(['install', 'require']),
  dotnet: new Set(['restore', 'add']),
  rustup: new Set(['install', 'target', 'component', 'toolchain']),
  nvm: new Set(['install', 'use']),
  corepack: new Set(['enable', 'prepare']),
  mvn: new Set(['install', 'dependency:resolve']),
};

export function isInstall(program: string, subcommand: string | undefined): boolean {
  return INSTALL_SUBCOMMANDS[program]?.has(subcommand ?? '') ?? false;
}

/**
 * What a call throws away by forcing past a safety check (`git checkout -f` discards local changes), or undefined.
 * A note may still advise it when nothing safer worked, but says so.
 */
export function discards(program: string, subcommand: string | undefined, words: readonly string[]): string | undefined {
  if (/^pip3?$/.test(program) || (program === 'uv' && subcommand?.startsWith('pip'))) {
    return words.includes('--break-system-packages') ? 'it installs into the system Python that the OS manages; a virtual environment is the safe way' : undefined;
  }
  if (program !== 'git') return undefined;
  const has = (...w: string[]) => w.some((x) => words.includes(x));
  const shortFlags = words.filter((w) => /^-[a-zA-Z]+$/.test(w)).join('');
  const force = has('--force') || shortFlags.includes('f');
  switch (subcommand) {
    case 'checkout':
    case 'switch':
      return force || has('--discard-changes') ? 'it throws away uncommitted changes to the files the switch touches' : undefined;
    case 'reset':
      return has('--hard') ? 'it throws away all uncommitted changes' : undefined;
    case 'clean':
      return force ? 'it deletes untracked files' : undefined;
    case 'push':
      return force && !words.some((w) => w.startsWith('--force-with-lease')) ? 'it overwrites the remote branch' : undefined;
    case 'branch':
      return shortFlags.includes('D') ? 'it deletes the branch even when it is not merged' : undefined;
    default:
      return undefined;
  }
}
