// The errors the memory store throws that callers tell apart (the memory tool, the CLI, Accept Note).

export class HumanOwnedNoteError extends Error {
  constructor(readonly file: string, readonly reason: string) {
    super(`notes/${file} belongs to a person (${reason}): Lucid reads it but does not rewrite it. ` +
      'Suggest the change to the user, or create a separate note.');
    this.name = 'HumanOwnedNoteError';
  }
}

export class NoteNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`No note with id ${id} in .agent-memory/notes/`);
    this.name = 'NoteNotFoundError';
  }
}
