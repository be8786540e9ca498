import type { z } from 'zod';

interface Located {
  path: PropertyKey[];
  message: string;
  code: string;
}

/**
 * The most specific issue of a failed parse. A union reports "invalid input"
 * with the issues of each branch; for an open tagged union the useful one is
 * the deepest issue of the branch that matched the tag, not the fallback's.
 */
function mostSpecific(issue: z.core.$ZodIssue, prefix: PropertyKey[]): Located {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    let best: Located | undefined;
    for (const branch of issue.errors) {
      const first = branch[0];
      if (!first) continue;
      const candidate = mostSpecific(first, path);
      if (candidate.path.length <= path.length) continue;
      const better =
        !best ||
        candidate.path.length > best.path.length ||
        (candidate.path.length === best.path.length && best.code === 'custom' && candidate.code !== 'custom');
      if (better) best = candidate;
    }
    if (best) return best;
  }
  return { path, message: issue.message, code: issue.code };
}

/** One line naming where a value failed its schema: `at <root>.a.0.b: <reason>`. */
export function describeSchemaIssue(error: z.ZodError, root: string): string {
  const first = error.issues[0];
  if (!first) return `${root}: invalid`;
  const { path, message } = mostSpecific(first, []);
  const where = [root, ...path.map(String)].join('.');
  return `${where}: ${message}`;
}
