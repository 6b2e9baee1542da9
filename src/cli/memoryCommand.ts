// `lucid memory list|show ID|search QUERY [--json] [--workspace DIR]`
import * as path from 'path';
import { parseArgs } from 'util';
import { MemoryStore } from '../core/memory/memoryStore';
import type { LoadedNote } from '../core/memory/noteSchema';
import { CliError, type CliIo } from './cliIo';
import { acceptCommand, commitCommand, mergeNoteCommand } from './memoryShareCommands';

export const MEMORY_USAGE = `Usage: lucid memory list [--all] [--json] [--workspace DIR]
       lucid memory show ID [--json] [--workspace DIR]
       lucid memory search QUERY [--json] [--workspace DIR]
       lucid memory accept ID [--workspace DIR]       (a note the agent wrote joins MEMORY.md and recall)
       lucid memory commit [-m MESSAGE] [--workspace DIR]   (what "Lucid: Commit Memory" does; never pushes)`;

function summary({ note, file, humanOwned }: LoadedNote) {
  return {
    id: note.id,
    kind: note.kind,
    title: note.title,
    status: note.status,
    provenance: note.provenance,
    humanOwned,
    file: `.agent-memory/notes/${file}`,
    sessions: note.evidence.sessions,
    lastSeen: note.evidence.lastSeen ?? null,
  };
}

export async function memoryCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      workspace: { type: 'string', short: 'w' },
      message: { type: 'string', short: 'm' },
    },
  });
  const [sub, ...rest] = positionals;
  if (sub === 'merge-note') return mergeNoteCommand(rest, io);
  const workspace = path.resolve(io.cwd, values.workspace ?? '.');
  if (sub === 'commit') return commitCommand(workspace, values.message, io);
  const store = await MemoryStore.open(workspace);
  const { notes, problems } = await store.load();
  for (const p of problems) io.err(`lucid: skipped .agent-memory/notes/${p.file}: ${p.message}\n`);
  const print = (value: unknown, text: () => string) => io.out(values.json ? `${JSON.stringify(value, null, 2)}\n` : text());

  switch (sub) {
    case 'list': {
      const shown = notes.filter((n) => values.all || n.note.status !== 'retired').map(summary);
      print(shown, () =>
        shown.length
          ? shown.map((n) => `${n.id}  [${n.kind}${n.status === 'active' ? '' : `, ${n.status}`}]  ${n.title}\n`).join('')
          : 'No notes yet.\n',
      );
      return 0;
    }
    case 'show': {
      const id = rest.join(' ');
      if (!id) throw new CliError(`memory show needs a note id\n${MEMORY_USAGE}`, 2);
      const found = notes.find((n) => n.note.id === id || n.file === id || n.file === `${id}.md`);
      if (!found) throw new CliError(`no note with id '${id}' (try: lucid memory list)`);
      print({ ...summary(found), note: found.note }, () => `${found.note.title}\n${'='.repeat(Math.min(found.note.title.length, 80))}\n${found.note.body.trim()}\n`);
      return 0;
    }
    case 'search': {
      const query = rest.join(' ');
      if (!query.trim()) throw new CliError(`memory search needs a query\n${MEMORY_USAGE}`, 2);
      const hits = await store.search(query);
      const shown = hits.map((h) => ({ ...summary(h.note), score: Number(h.score.toFixed(3)), matched: h.terms }));
      print(shown, () => (shown.length ? shown.map((h) => `${h.id}  ${h.title}  (score ${h.score})\n`).join('') : 'No matching notes.\n'));
      return 0;
    }
    case 'accept':
      if (!rest[0]) throw new CliError(`memory accept needs a note id\n${MEMORY_USAGE}`, 2);
      return acceptCommand(store, rest[0], io);
    default:
      throw new CliError(sub ? `unknown memory command '${sub}'\n${MEMORY_USAGE}` : MEMORY_USAGE, 2);
  }
}
