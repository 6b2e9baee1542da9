// The `lucid` command line: the same core as the extension, for scripts, CI and terminals.
import { VERSION } from '../core/version';
import { gateText } from '../core/redact/redactionGate';
import { CliError, processIo, type CliIo } from './cliIo';
import { memoryCommand, MEMORY_USAGE } from './memoryCommand';
import { RUN_USAGE } from './runArgs';
import { runCommand } from './runCommand';
import { dreamCommand, DREAM_USAGE } from './dreamCommand';
import { importCommand, IMPORT_USAGE } from './importCommand';


export const USAGE = `lucid: a coding agent that learns the repository it works in.

${RUN_USAGE}

${DREAM_USAGE}

${IMPORT_USAGE}

${MEMORY_USAGE}
       lucid --version | --help`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  run: runCommand,
  dream: dreamCommand,
  import: importCommand,
  memory: memoryCommand,
};

/** Every line a command prints passes through the redaction gate, whatever `io` writes to (a terminal, a CI log). */
export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  const io: CliIo = { ...rawIo, out: (t) => rawIo.out(gateText(t)), err: (t) => rawIo.err(gateText(t)) };
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  try {
    if (!run) throw new CliError(`unknown command '${command}'\n\n${USAGE}`, 2);
    return await run(rest, io);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.err(`lucid: ${message}\n`);
    return err instanceof CliError ? err.code : 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), processIo()).then(
    (code) => (process.exitCode = code),
    (err) => {
      // A message, not a stack trace (LUCID_DEBUG=1 shows the stack).
      const text = err instanceof Error ? (process.env.LUCID_DEBUG === '1' ? err.stack : err.message) : String(err);
      process.stderr.write(`lucid: ${gateText(text ?? '')}\n`);
      process.exitCode = 1;
    },
  );
}
