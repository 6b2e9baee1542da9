// Shapes shared by the error-signature extractor and its per-toolchain recognisers.

/** The toolchains the recognisers know by name; other programs (`sed`, `sphinx-build`) appear by their own name. */
export type KnownErrorTool =
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

export type ErrorTool = KnownErrorTool | (string & {});

export interface ErrorSignature {
  tool: ErrorTool;
  /** The tool's own code or class: TS2307, E0425, ERESOLVE, ENOENT, ModuleNotFoundError, no-unused-vars… */
  code?: string;
  /** The stable signature: the same failure gives the same key on every run and machine. */
  key: string;
  /** The original error line, trimmed, as evidence. */
  line: string;
  /** The file the error points at (a traceback's innermost frame, a compiler's location), as written. */
  origin?: string;
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
  /**
   * A summary line (make's "Error 1", "ld returned 1 exit status", npm's "command failed"): it says that something
   * failed, not what. Evidence of a failure, never a signature: dozens of unrelated failures would share its key.
   */
  summary?: boolean;
  /** A plain message line ("Error: …"): a signature only when nothing more specific is in the output. */
  fallback?: boolean;
  /** The file the error points at (a traceback's innermost frame, a compiler's location), as written. */
  origin?: string;
}

export interface Recognizer {
  /** Tested against each (trimmed-right) line; the first recogniser whose `re` matches and whose `make` returns a result wins. */
  re: RegExp;
  make(m: RegExpExecArray, ctx: LineContext): Recognized | null;
}
