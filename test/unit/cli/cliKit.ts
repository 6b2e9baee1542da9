// A CliIo that keeps what a command printed, for tests of `lucid` commands run in-process.
import type { CliIo } from '../../../src/cli/cliIo';

export function fakeIo(cwd: string, env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), env, cwd };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}
