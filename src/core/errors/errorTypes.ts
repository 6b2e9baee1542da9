// Shapes shared by the error-signature extractor and its per-toolchain recognisers.

export type ErrorTool =
  | 'tsc'
  | 'eslint'
  | 'npm'
  | 'pnpm'
  | 'yarn'
  | 'node'
  | 'jest'
  | 'vitest'
  | 'mocha'
  | 'python'
  | 'pytest'
  | 'pip'
  | 'cargo'
  | 'rustc'
  | 'go'
  | 'gcc'
  | 'clang'
  | 'make'
  | 'javac'
  | 'gradle'
  | 'maven'
  | 'git'
  | 'shell'
  | 'unknown';

export interface ErrorSignature {
  tool: ErrorTool;
  /** The tool's own code or class: TS2307, E0425, ERESOLVE, ENOENT, ModuleNotFoundError, no-unused-vars… */
  code?: string;
  /** The stable signature: the same failure gives the same key on every run and machine. */
  key: string;
  /** The original error line, trimmed, as evidence. */
  line: string;
}

/** What a recogniser sees: the current line, its neighbours, and hints about the whole output. */
export interface LineContext {
  lines: string[];
  index: number;
  command: string;
  /** Lower-cased whole output, for cheap "does it mention X" checks. */
  lowerOutput: string;
}

export interface Recognized {
  tool: ErrorTool;
  code?: string;
  /** The key without the tool prefix; errorExtract builds `${tool}${code ? ' ' + code : ''}: ${message}`. */
  message: string;
  /** A summary line (make's "Error 1", "ld returned 1 exit status"): kept only when nothing better is found. */
  weak?: boolean;
}

export interface Recognizer {
  /** Tested against each (trimmed-right) line; the first recogniser whose `re` matches and whose `make` returns a result wins. */
  re: RegExp;
  make(m: RegExpExecArray, ctx: LineContext): Recognized | null;
}
