// Shared helpers for the memory tests: temp workspaces, sample notes, a seeded random generator.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Note } from '../../../src/core/memory/noteSchema';
import { seededRandom } from '../../support/seededRandom';

/** A fresh temp folder standing in for a workspace; `cleanup()` removes it. */
export function tempWorkspace(): { root: string; cleanup: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-memory-test-'));
  return { root, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export function sampleNote(overrides: Partial<Note> = {}): Note {
  return {
    id: 'vitest-not-on-path-3f2a',
    kind: 'build-error',
    title: 'vitest: command not found',
    status: 'active',
    provenance: 'agent',
    scope: ['packages/web'],
    triggers: { errors: ['sh: vitest: command not found'], commands: ['npm test'], keywords: ['vitest'] },
    evidence: {
      sessions: 3,
      firstSeen: '2025-03-02',
      lastSeen: '2025-03-18',
      examples: [{ session: 's-1', text: 'npm test\n> vitest run\nsh: vitest: command not found' }],
    },
    counters: { recalled: 5, helpful: 4, harmful: 0 },
    body: 'vitest is a dev dependency of `packages/web` only.\n\nRun `npx vitest` from `packages/web`.',
    extra: {},
    ...overrides,
  };
}

/** Deterministic pseudo-random numbers for property-style tests. */
export const seeded = seededRandom;

/** Every file under `dir` (relative, sorted) with its bytes, skipping the given top-level entries. */
export function snapshot(dir: string, skip: string[] = []): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (skip.includes(r)) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p, r);
      else out.set(r, fs.readFileSync(p));
    }
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return out;
}
