// Codex's session_meta timestamp is RFC 3339; early builds wrote the file-name
// form `YYYY-MM-DDThh-mm-ss` (UTC). rollout's extractor only understands the
// first and falls back to the epoch, which must never become a createdAt.
const FILE_NAME_FORM = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})$/;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The instant a session_meta `timestamp` names, or undefined when it names none. */
export function parseSessionMetaTimestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const fileName = FILE_NAME_FORM.exec(value);
  const iso = fileName ? `${fileName[1]}T${fileName[2]}:${fileName[3]}:${fileName[4]}Z` : value;
  if (!fileName && !RFC_3339.test(value)) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
