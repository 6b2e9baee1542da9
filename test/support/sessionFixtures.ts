// The real sessions the tests run on (test/fixtures/sessions, see its SOURCES.md), gzipped in the repository and
// expanded once per process into a temporary folder laid out as Claude Code lays out `~/.claude/projects/`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'sessions');
let expanded: string | undefined;

/** The folder holding the expanded transcripts of `corpus` (`claude-code`, `swe-agent/sympy`, …). */
export function sessionFixtures(corpus: string): string {
  expanded ??= fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-session-fixtures-'));
  const out = path.join(expanded, corpus);
  if (!fs.existsSync(out)) {
    const from = path.join(FIXTURES, corpus);
    if (!fs.existsSync(from)) throw new Error(`no session fixtures at ${from}`);
    fs.mkdirSync(out, { recursive: true });
    for (const f of fs.readdirSync(from).filter((n) => n.endsWith('.jsonl.gz'))) {
      fs.writeFileSync(path.join(out, f.replace(/\.gz$/, '')), zlib.gunzipSync(fs.readFileSync(path.join(from, f))));
    }
  }
  return out;
}

process.on('exit', () => {
  if (expanded) fs.rmSync(expanded, { recursive: true, force: true });
});
