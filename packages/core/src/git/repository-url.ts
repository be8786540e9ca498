/**
 * Removes credentials from a remote URL before it is stored:
 * `https://user:token@host/x` → `https://host/x`. scp-like `git@host:x` is kept as it is
 * (the user there is not a secret). Unparseable values are returned without anything
 * that looks like `user:password@`.
 */
export function sanitizeRepositoryUrl(url: string): string {
  const trimmed = url.trim();
  try {
    const parsed = new URL(trimmed);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:' || parsed.protocol === 'ssh:' || parsed.protocol === 'git:') {
      if (parsed.protocol === 'ssh:' && !parsed.password) return trimmed;
      parsed.username = '';
      parsed.password = '';
      return parsed.toString().replace(/\/$/, trimmed.endsWith('/') ? '/' : '');
    }
    return trimmed;
  } catch {
    return trimmed.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
  }
}
