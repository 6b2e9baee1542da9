// The note: one Markdown file with YAML front-matter in `.agent-memory/notes/`.
// This schema is the contract with users and teammates: change it only in ways old files still parse.
import { z } from 'zod';

export const NOTE_KINDS = ['build-error', 'workaround', 'convention', 'command', 'pitfall', 'fact'] as const;
export const PROVENANCES = ['agent', 'dream', 'human', 'imported'] as const;
/** `unverified`: written by the agent in a session; out of MEMORY.md and recall until a dream or a person confirms it. */
export const STATUSES = ['active', 'unverified', 'stale', 'retired'] as const;

export type NoteKind = (typeof NOTE_KINDS)[number];
export type Provenance = (typeof PROVENANCES)[number];
export type NoteStatus = (typeof STATUSES)[number];

/** A note id: also the default file name, `notes/<id>.md`. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** A day, `YYYY-MM-DD`: coarse on purpose, so re-seeing a note the same day changes no byte. */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const triggersSchema = z.object({
  /** Normalised error signatures (see the dream's error signatures) or plain substrings of error output. */
  errors: z.array(z.string().min(1)).default([]),
  /** Commands (or command prefixes) whose failure should recall the note. */
  commands: z.array(z.string().min(1)).default([]),
  /** Words that should recall the note when a request mentions them. */
  keywords: z.array(z.string().min(1)).default([]),
});

export const evidenceExampleSchema = z.object({
  session: z.string().min(1),
  text: z.string().min(1),
});

export const evidenceSchema = z.object({
  /** How many distinct sessions showed this. */
  sessions: z.number().int().min(0).default(0),
  /** How many of those sessions ended with an outcome the grader accepted (verified evidence). */
  verified: z.number().int().min(0).optional(),
  firstSeen: day.optional(),
  lastSeen: day.optional(),
  /** One or two short examples, redacted. */
  examples: z.array(evidenceExampleSchema).max(2).default([]),
  /**
   * Workspace paths (files, folders; `script:NAME` for package scripts, `make:TARGET`) the note cites that existed
   * when it was learned. The note goes stale when one of these is gone; a path never seen here proves nothing.
   */
  paths: z.array(z.string().min(1)).optional(),
});

/** What to do about the problem: the advice, and the exact commands it tells the agent to run. */
export const fixSchema = z.object({
  /** One or two sentences for the agent, e.g. "Run the tests with `bin/test <file>`: pytest is not installed." */
  text: z.string().min(1).max(600),
  /** The commands the advice tells the agent to run, in general form (`bin/test <file>`). */
  commands: z.array(z.string().min(1)).default([]),
  /** Calls that were tried and failed the same way: what not to do. */
  avoid: z.array(z.string().min(1)).optional(),
});

export const countersSchema = z.object({
  recalled: z.number().int().min(0).default(0),
  helpful: z.number().int().min(0).default(0),
  harmful: z.number().int().min(0).default(0),
});

/** The known front-matter keys. Unknown keys are kept aside and survive a round trip. */
export const frontMatterSchema = z.object({
  id: z.string().regex(ID_PATTERN, 'expected lowercase letters, digits and dashes (at most 80), starting with a letter or digit'),
  kind: z.enum(NOTE_KINDS),
  title: z.string().min(1).max(200),
  status: z.enum(STATUSES).default('active'),
  provenance: z.enum(PROVENANCES).default('human'),
  scope: z.array(z.string().min(1)).default([]),
  triggers: triggersSchema.default({ errors: [], commands: [], keywords: [] }),
  evidence: evidenceSchema.default({ sessions: 0, examples: [] }),
  counters: countersSchema.default({ recalled: 0, helpful: 0, harmful: 0 }),
  /** Why the note is stale or retired, when it is. */
  reason: z.string().optional(),
  /** Ids of notes merged into this one. */
  merged: z.array(z.string()).optional(),
  /** The advice (absent on a known problem without a verified fix, and on notes that only state facts). */
  fix: fixSchema.optional(),
  /** A problem that recurs and has no verified fix yet. */
  known: z.boolean().optional(),
  /** The error signatures this note answers (the dream's keys), so later dreams find it again. */
  problems: z.array(z.string().min(1)).optional(),
  /** Set by Lucid on every write: a hash of the content. A mismatch means a person edited the file. */
  fingerprint: z.string().optional(),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;
export type Triggers = z.infer<typeof triggersSchema>;
export type Evidence = z.infer<typeof evidenceSchema>;
export type Counters = z.infer<typeof countersSchema>;
export type NoteFix = z.infer<typeof fixSchema>;

export interface Note extends FrontMatter {
  body: string;
  /** Front-matter keys Lucid does not know, in file order, kept verbatim. */
  extra: Record<string, unknown>;
}

/** A note as loaded from disk. */
export interface LoadedNote {
  note: Note;
  /** Path relative to `notes/`, with forward slashes. */
  file: string;
  /** True when a person wrote or edited the file: Lucid reads it but never silently rewrites it. */
  humanOwned: boolean;
  /** The file holds git's conflict markers; `note` is both sides merged, to be written back by the next dream. */
  reconciled?: true;
}

/** A file in `notes/` that did not parse: reported, skipped, never deleted or overwritten. */
export interface NoteProblem {
  file: string;
  message: string;
}
