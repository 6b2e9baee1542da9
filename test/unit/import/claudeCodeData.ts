// The real Claude Code transcripts the import tests run on (test/fixtures/sessions/claude-code, see the SOURCES.md
// there), and helpers to copy them into temp folders.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRedactor } from '../../../src/core/redact/secretRedactor';
import type { TextRedactor } from '../../../src/core/sessions/sessionRecorder';
import { sessionFixtures } from '../../support/sessionFixtures';

/** The repository root: this file is compiled to `out/test/unit/import/`. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const PROJECT_NAME = '-Users-kesslerio-GDrive-Projects-attio-mcp-server';
export const PROJECT_CWD = '/Users/kesslerio/GDrive/Projects/attio-mcp-server';
/** The transcripts, expanded from the repository's fixtures. */
export const DATA_DIR = sessionFixtures('claude-code');

export const SESSIONS = {
  /** Sub-agents; `npm test … vitest: command not found`, then `npx vitest run …`; a `git checkout main` failure. */
  fixes: '278a2245-9881-4e57-8176-beb93e3d7fd3',
  /** The biggest; `git checkout main` failures, a compaction, an interrupted tool use. */
  checkout: '9fa9888f-c14c-4614-b154-2bcf0b029f18',
  /** Only user messages and hook noise (the assistant's records are not in the source). */
  small: 'f89f86a1-90f7-4671-8587-88710a331c6f',
} as const;

export const sourceFile = (id: string) => path.join(DATA_DIR, `${id}.jsonl`);

/** Fails (never skips) when the shared data folder is missing. */
export function requireData(): void {
  if (!fs.existsSync(DATA_DIR)) {
    throw new Error(`the Claude Code test transcripts are missing: expected them in ${DATA_DIR} (expanded from test/fixtures/sessions/claude-code)`);
  }
  for (const id of Object.values(SESSIONS)) {
    if (!fs.existsSync(sourceFile(id))) throw new Error(`missing test transcript ${sourceFile(id)}`);
  }
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Lucid's patterns and known secrets only (no secretlint): the same markers, fast enough for 4 MB of transcripts. */
export function fastRedactor(): TextRedactor {
  const r = createRedactor();
  return { redact: async (text) => r.redactSync(text) };
}

/** The lines of a source transcript (without the final empty string). */
export function sourceLines(id: string): string[] {
  return fs.readFileSync(sourceFile(id), 'utf8').split('\n').filter((l) => l !== '');
}
