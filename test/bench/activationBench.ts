// Activation benchmark: the real bundle (dist/extension.js, as esbuild builds it) loaded and activated in a fresh
// Node process per run, with a stand-in for `vscode` (activationProbe.ts). The median of the runs.
import { execFileSync } from 'child_process';
import * as path from 'path';

export interface ActivationFigures {
  /** Median, ms from before the bundle's require to the end of activate(). */
  activationMs: number;
  /** Median, ms of the bundle's require alone (module evaluation). */
  requireMs: number;
  runsMs: number[];
}

export function benchActivation(repo: string, runs = 7): ActivationFigures {
  const probe = path.join(repo, 'out', 'test', 'bench', 'activationProbe.js');
  const bundle = path.join(repo, 'dist', 'extension.js');
  const results = Array.from({ length: runs }, () => JSON.parse(execFileSync(process.execPath, [probe, bundle], { cwd: repo, encoding: 'utf8' })) as { requireMs: number; activationMs: number });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { activationMs: median(results.map((r) => r.activationMs)), requireMs: median(results.map((r) => r.requireMs)), runsMs: results.map((r) => r.activationMs) };
}
