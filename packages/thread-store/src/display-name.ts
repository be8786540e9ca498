/** What decides the `name` a StoredThread shows. */
export interface ThreadNameSources {
  /** Set by a `name` patch (or a rename Codex recorded); blank counts as none. */
  explicitName: string | null;
  /** An observed title. */
  title: string | null;
  preview: string;
  firstUserMessage: string | null;
}

/**
 * The name a thread shows: its explicit name, else its observed title, but
 * not a title that merely repeats the preview or the first message (it would
 * say nothing new). Every store applies this one rule.
 */
export function threadDisplayName({ explicitName, title, preview, firstUserMessage }: ThreadNameSources): string | null {
  if (explicitName !== null && explicitName.trim() !== '') return explicitName;
  if (title === null || title.trim() === '') return null;
  if (title === preview || title === firstUserMessage) return null;
  return title;
}
