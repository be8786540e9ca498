/** Facts of the environment a turn runs in, as the model is told them. */
export interface EnvironmentFacts {
  cwd: string;
  shell: string | null;
  /** `YYYY-MM-DD` in `timezone`. */
  currentDate: string;
  timezone: string;
}

/**
 * The `<environment_context>` block Codex sends as a user-role context message (0.142's
 * element order). Replay and previews recognise it as injected context, not a prompt.
 */
export function environmentContextText(facts: EnvironmentFacts): string {
  const lines = ['<environment_context>', `  <cwd>${escapeXml(facts.cwd)}</cwd>`];
  if (facts.shell) lines.push(`  <shell>${escapeXml(facts.shell)}</shell>`);
  lines.push(`  <current_date>${facts.currentDate}</current_date>`);
  lines.push(`  <timezone>${escapeXml(facts.timezone)}</timezone>`);
  lines.push('</environment_context>');
  return lines.join('\n');
}

/** The calendar date of `date` in an IANA time zone, as `YYYY-MM-DD`. */
export function localDate(date: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
