import { ensureCodexCli } from './ensure-codex-cli';
import { isolatedEnvironment } from './isolated-environment';
import { offlineConfigArgs } from './offline-settings';
import { type ProcessResult, runProcess } from './run-process';

export interface CodexExecOptions {
  version: string;
  /** A Codex home whose config.toml points at a stand-in model (see writeCodexConfig). */
  codexHome: string;
  /** Working directory of the session (recorded as its cwd). Need not be a git repository. */
  cwd: string;
  prompt: string;
  /** Continue this thread (`codex exec resume <id>`) instead of starting a new one. */
  resumeThreadId?: string;
  /** Default 120 s; the process is killed after it. */
  timeoutMs?: number;
  /** More command-line arguments, placed before the prompt. */
  extraArgs?: string[];
  /** More environment variables for the Codex process. */
  env?: Record<string, string>;
}

export interface CodexExecResult extends ProcessResult {
  /** Every `--json` event line Codex printed, parsed. */
  events: Array<{ type: string } & Record<string, unknown>>;
  /** The thread the run started or resumed, from its `thread.started` event. */
  threadId: string | undefined;
  /** What Codex tried to reach beyond loopback (refused); empty when the run stayed offline. */
  outboundAttempts: string[];
}

/**
 * Runs one non-interactive turn with `codex exec` (or `codex exec resume <id>`),
 * with `--json` events on stdout. Nothing is asked interactively: approvals are
 * "never" in the config, stdin is empty, and the git repository check is off.
 */
export async function runCodexExec(options: CodexExecOptions): Promise<CodexExecResult> {
  const executable = await ensureCodexCli(options.version);
  const isolated = await isolatedEnvironment(executable, options.codexHome, options.env);
  const common = ['--skip-git-repo-check', '--json', ...(options.extraArgs ?? [])];
  // `exec resume` takes no --cd: the session resumes in the process's working directory.
  const args = [
    // Even a home with its own config.toml must not reach beyond loopback.
    ...offlineConfigArgs(),
    ...(options.resumeThreadId
      ? ['exec', 'resume', ...common, options.resumeThreadId, options.prompt]
      : ['exec', ...common, '--cd', options.cwd, options.prompt]),
  ];
  try {
    const result = await runProcess(executable, args, {
      env: isolated.env,
      cwd: options.cwd,
      timeoutMs: options.timeoutMs ?? 120_000,
    });
    const events = parseEvents(result.stdout);
    const started = events.find((event) => event.type === 'thread.started');
    const threadId = typeof started?.thread_id === 'string' ? started.thread_id : undefined;
    return { ...result, events, threadId, outboundAttempts: [...isolated.outboundAttempts] };
  } finally {
    await isolated.dispose();
  }
}

function parseEvents(stdout: string): CodexExecResult['events'] {
  const events: CodexExecResult['events'] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const value = JSON.parse(line) as unknown;
      if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
        events.push(value as CodexExecResult['events'][number]);
      }
    } catch {
      // Not an event line.
    }
  }
  return events;
}
