// Entry of the integration tier inside a real extension host (extensionTestsPath points at the compiled
// out/test/integration/index.js). Runs every *.test.js next to this file with mocha and writes the results
// to a JSON file for the runner (scripts/test-integration.js):
//   { passed, failed, pending, total, failures: [{ title, error }], output }   (output: mocha's spec text)
// The file is $LUCID_TEST_RESULTS when set (the runner sets it on code-server, whose extension host inherits
// the environment), else <first workspace folder>/.lucid-test-results.json.
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import * as vscode from 'vscode';

// mocha 11 is CommonJS; a future ESM-only mocha exposes the class as `default`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const M = require('mocha');
const Mocha: typeof import('mocha') = M.default || M;

export interface IntegrationResults {
  passed: number;
  failed: number;
  pending: number;
  total: number;
  failures: { title: string; error: string }[];
  output: string;
  /** True until the run has finished; the file is rewritten after every test so a hung run still shows progress. */
  running: boolean;
  /** Title of the test that started last (the one that hangs, if the run times out). */
  current?: string;
}

function resultsPath(): string | undefined {
  if (process.env.LUCID_TEST_RESULTS) return process.env.LUCID_TEST_RESULTS;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder && folder.uri.scheme === 'file' ? path.join(folder.uri.fsPath, '.lucid-test-results.json') : undefined;
}

function collect(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return collect(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

/** Captures what mocha's reporters print (they all go through Base.consoleLog) while still printing it. */
function captureOutput(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const orig = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    chunks.push(format(...args) + '\n');
    orig.apply(console, args);
  };
  return {
    text: () => chunks.join('').replace(/\x1b\[[0-9;]*m/g, ''),
    restore: () => {
      base.consoleLog = orig;
    },
  };
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30000, grep: process.env.LUCID_TEST_GREP });
  const files = collect(__dirname).sort();
  files.forEach((f) => mocha.addFile(f));
  const out = resultsPath();
  const results: IntegrationResults = { passed: 0, failed: 0, pending: 0, total: 0, failures: [], output: '', running: true };
  const write = () => {
    if (out) fs.writeFileSync(out, JSON.stringify(results, null, 2));
  };

  return new Promise<void>((resolve, reject) => {
    const capture = captureOutput();
    const finish = (err?: unknown) => {
      capture.restore();
      results.output = capture.text();
      results.running = false;
      if (err) results.failures.push({ title: 'mocha run', error: String((err as Error)?.stack || err) });
      results.total = results.passed + results.failed;
      try {
        write();
      } catch (e) {
        console.error(`could not write test results to ${out}: ${e}`);
      }
      if (err) reject(err);
      else if (results.failed > 0) reject(new Error(`${results.failed} integration test(s) failed`));
      else if (results.passed === 0) reject(new Error(`no integration tests ran (looked in ${__dirname})`));
      else resolve();
    };
    try {
      const runner = mocha.run(() => finish());
      const progress = () => {
        results.output = capture.text();
        results.total = results.passed + results.failed;
        try {
          write();
        } catch {
          /* reported at the end */
        }
      };
      runner.on('test', (test: { fullTitle(): string }) => {
        results.current = test.fullTitle();
        progress();
      });
      runner.on('pass', () => results.passed++);
      runner.on('pending', () => results.pending++);
      runner.on('fail', (test: { fullTitle(): string }, err: Error) => {
        results.failed++;
        results.failures.push({ title: test.fullTitle(), error: String(err?.stack || err) });
      });
      runner.on('test end', progress);
    } catch (err) {
      finish(err);
    }
  });
}
