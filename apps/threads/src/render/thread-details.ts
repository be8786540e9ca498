import type { StoredThread } from '@threadkit/thread-store';
import { calendarTime, relativeTime } from './relative-time';
import { sourceLabel } from './source-label';
import { formatCount, singleLine } from './text';

/** The title people recognise a thread by: its name, else its preview, else its id. */
export function threadTitle(thread: StoredThread): string {
  if (thread.name) return thread.name;
  if (thread.preview) return singleLine(thread.preview);
  return '(no messages yet)';
}

/** Label/value pairs describing a thread, in reading order; absent facts are left out. */
export function threadDetails(thread: StoredThread, now: Date = new Date()): [string, string][] {
  const when = (date: Date) => `${calendarTime(date)} (${relativeTime(date, now)})`;
  const rows: [string, string][] = [['id', thread.threadId]];
  if (thread.name) rows.push(['name', thread.name]);
  if (thread.preview) rows.push(['preview', singleLine(thread.preview)]);
  rows.push(['created', when(thread.createdAt)]);
  rows.push(['updated', when(thread.updatedAt)]);
  if (thread.archivedAt) rows.push(['archived', when(thread.archivedAt)]);
  rows.push(['cwd', thread.cwd]);
  const source = [sourceLabel(thread.source)];
  if (thread.threadSource && thread.threadSource !== 'user') source.push(`(${thread.threadSource})`);
  rows.push(['source', source.join(' ')]);
  const model = [thread.modelProvider];
  if (thread.model) model.push(`/ ${thread.model}`);
  if (thread.reasoningEffort) model.push(`(effort ${thread.reasoningEffort})`);
  rows.push(['model', model.join(' ')]);
  if (thread.gitInfo) {
    const git = [thread.gitInfo.branch, thread.gitInfo.commitHash?.slice(0, 12), thread.gitInfo.repositoryUrl]
      .filter((part): part is string => Boolean(part))
      .join('  ');
    if (git) rows.push(['git', git]);
  }
  if (thread.tokenUsage) {
    const usage = thread.tokenUsage;
    rows.push([
      'tokens',
      `${formatCount(usage.total_tokens)} total (${formatCount(usage.input_tokens)} in, ${formatCount(usage.output_tokens)} out)`,
    ]);
  }
  if (thread.forkedFromId) rows.push(['forked from', thread.forkedFromId]);
  if (thread.parentThreadId) rows.push(['parent', thread.parentThreadId]);
  const agent = [thread.agentNickname, thread.agentRole && `(${thread.agentRole})`, thread.agentPath]
    .filter((part): part is string => Boolean(part))
    .join(' ');
  if (agent) rows.push(['agent', agent]);
  if (thread.cliVersion) rows.push(['cli version', thread.cliVersion]);
  if (thread.rolloutPath) rows.push(['rollout', thread.rolloutPath]);
  return rows;
}
