// What a CLI command may touch: its streams, its environment and its working folder. Tests pass fakes.
// main() passes both streams through the redaction gate: a problem quoting a note's field, an error quoting a
// command line, never prints a secret to a terminal (or to the CI log that records it).

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A command failed in a way the user can act on: printed as `lucid: <message>`, exit code 1 (or `code`). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}

export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  };
}
