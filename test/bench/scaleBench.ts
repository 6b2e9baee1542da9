// The "faster at scale" figures (dream, session start and recall, activation) as Markdown, and `npm run bench:scale`:
// runs just these and puts them into bench/RESULTS.md in place of the same sections, keeping the others.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { benchActivation, type ActivationFigures } from './activationBench';
import { benchDream, type DreamFigures } from './dreamBench';
import { benchRecall, type RecallFigures } from './recallBench';

const ratio = (d: DreamFigures) => (d.fullMs / d.parseFloorMs).toFixed(1);

export function renderDreamMarkdown(runs: DreamFigures[]): string[] {
  return ['## Dream', '', 'A full dream over N synthetic recorded sessions (30 recurring problems at skewed frequencies, noise, ordinary work), then an incremental dream of 10 new sessions on top. The floor is the time to read and JSON-parse the same transcript bytes (median of 3); "validated reading" is Lucid\'s own transcript reader over the same files in one thread, without any analysis: every line parsed and checked against the transcript schema, every file hashed (median of 3, after the full dream). Peak RSS: the process during the full dream. The target is a full dream within 3× the floor.', '',
    '| Sessions | Transcripts | Parse floor | Validated reading | Full dream | Full / floor | Incremental (+10) | Notes added | Peak RSS |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map((v) => `| ${v.sessions} | ${v.transcriptMB} MB | ${v.parseFloorMs} ms | ${v.readingMs} ms (${(v.readingMs / v.parseFloorMs).toFixed(1)}×) | ${v.fullMs} ms | ${ratio(v)}× | ${v.incrementalMs} ms | ${v.notes} | ${v.peakRssMB} MB |`), ''];
}

export function renderRecallMarkdown(runs: RecallFigures[]): string[] {
  return ['## Recall', '', 'Session start builds the memory context (search the request, digest within the 2,000-token budget), measured in a fresh Node process: **cold** with nothing in `.agent-memory/.cache/` (it parses every note, builds the search index and keeps both); **after a change**, one note rewritten since the last session (the parsed-note index and the search index kept; every note loaded, only the changed one parsed, the search index built again); **unchanged**, a new window or CLI run with the memory as the last session left it (read from the session-start snapshot: the folders and every note it shows stat-checked, a few kilobytes read, the kept search index read in part); and **later**, the next session start in the same process. What follows a session start while its first request is under way is not counted: every note loaded (every file checked) when the snapshot sufficed, and the snapshot taken again when the notes changed. Medians of 3. "Parse all" is every note parsed, what each session start cost before the parsed-note index. Just-in-time recall matches a failing command\'s output against every note\'s triggers (100 failures). "Tokens if loading every note" is what a memory-bank style tool puts in context. Targets at 10,000 notes: session start under 100 ms, recall under 5 ms.', '',
    '| Notes | Parse all | Session start, cold | After a change | Unchanged (new process) | Later | Recall p50 | Recall p95 | Tokens in context | Tokens if loading every note |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map((v) => `| ${v.notes} | ${v.loadMs} ms | ${v.coldStartMs} ms | ${v.changedStartMs} ms | ${v.warmStartMs} ms | ${v.hotStartMs} ms | ${v.recallP50Ms} ms | ${v.recallP95Ms} ms | ${v.contextTokens} | ${v.loadAllTokens} |`), ''];
}

export function renderActivationLine(a: ActivationFigures): string {
  return `Bundle load + \`activate()\` of the development build \`dist/extension.js\` in a fresh Node process with a stand-in \`vscode\` module, median of ${a.runsMs.length}: **${a.activationMs} ms**, of which the bundle's require ${a.requireMs} ms (runs: ${a.runsMs.join(', ')}). Target: under 50 ms.`;
}

/** Replaces the section `## title` (up to the next `## ` or the eval block) of `text`, or appends it. */
function replaceSection(text: string, title: string, lines: string[]): string {
  const re = new RegExp(`\\n## ${title}\\n[\\s\\S]*?(?=\\n## |\\n<!-- eval|$)`);
  const block = `\n${lines.join('\n')}`;
  return re.test(text) ? text.replace(re, block.replace(/\n+$/, '\n')) : `${text.trimEnd()}\n${block}`;
}

async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '..', '..', '..');
  const list = (v: string | undefined, d: string) => (v || d).split(',').map(Number);
  const dream: DreamFigures[] = [];
  for (const n of list(process.env.LUCID_BENCH_SESSIONS, '1000,10000')) {
    process.stderr.write(`dream over ${n} sessions…\n`);
    dream.push(await benchDream(n));
  }
  const recall: RecallFigures[] = [];
  for (const n of list(process.env.LUCID_BENCH_NOTES, '100,1000,10000')) {
    process.stderr.write(`recall at ${n} notes…\n`);
    recall.push(await benchRecall(n));
  }
  process.stderr.write('activation…\n');
  const activation = benchActivation(repo);
  const file = path.join(repo, 'bench', 'RESULTS.md');
  let text = fs.readFileSync(file, 'utf8');
  const m = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg()[0].toFixed(1)} at the end`;
  text = replaceSection(text, 'Dream', [...renderDreamMarkdown(dream), `_Dream, recall and activation: one run of \`npm run bench:scale\` on ${new Date().toISOString().slice(0, 10)}, ${m}, Node ${process.version}._`, '']);
  text = replaceSection(text, 'Recall', renderRecallMarkdown(recall));
  text = text.replace(/\nBundle load \+ `activate\(\)`[^\n]*\n/, '\n').replace(/(\n## Extension\n\n[^\n]*\n)/, `$1\n${renderActivationLine(activation)}\n`);
  fs.writeFileSync(file, text);
  process.stdout.write(`${JSON.stringify({ dream, recall, activation }, null, 1)}\n`);
}

if (require.main === module) void main();
