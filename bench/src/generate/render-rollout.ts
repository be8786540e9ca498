import { type HistoryEra, type RolloutTemplate, rolloutTemplates, type TurnTemplate } from './codex-templates';
import { agentReply, baseInstructions, developerInstructions, type TextPool, toolCommand, userPrompt } from './filler-text';
import type { SeededRandom } from './seeded-random';
import { uuidV7 } from './uuid-v7';

/** Everything that makes one generated thread different from another. */
export interface ThreadPlan {
  threadId: string;
  createdAtMs: number;
  era: HistoryEra;
  cwd: string;
  /** The session_meta `source` as Codex writes it (`"cli"`, `"vscode"`, `"exec"`, `"mcp"`). */
  source: string;
  modelProvider: string;
  model: string;
  /** The file grows turn by turn until it reaches this many bytes. */
  targetBytes: number;
  git: { commit_hash: string; branch: string } | undefined;
}

export interface RenderedRollout {
  bytes: number;
  lines: number;
  turns: number;
  firstUserText: string;
  lastTimestampMs: number;
}

const ORIGINATORS: Record<string, string> = {
  cli: 'codex_cli_rs',
  vscode: 'codex_vscode',
  exec: 'codex_exec',
  mcp: 'codex_mcp',
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const ENVELOPE_TIME = /"timestamp":"([^"]+)"/g;
const ORDINAL = /"ordinal":\d+/;
const EPOCH_SECONDS = /"(started_at|completed_at)":(\d+)/g;
const EPOCH_MILLIS = /"(started_at_ms|completed_at_ms)":(\d+)/g;
const CREATE_TIME = /"create_time":([\d.]+)/g;
const SHORT_IDS = /\b(msg|resp|fc|call)_(\d+)(?![\w-])/g;
const CWD = /\/workspace\/project-\d+/g;
const DEVELOPER_PLACEHOLDER = '(developer instructions omitted from this fixture)';

/** Shared, expensive-to-build texts: one per generator run. */
export interface RenderContext {
  pool: TextPool;
  baseInstructions: string;
  /** Already escaped for insertion into a JSON line. */
  developerInstructions: string;
}

export function renderContext(random: SeededRandom, pool: TextPool): RenderContext {
  return {
    pool,
    baseInstructions: baseInstructions(random, 12_000),
    developerInstructions: escaped(developerInstructions(random, 1_500)),
  };
}

function escaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * Writes one Codex-shaped rollout line by line through `emit` (each line
 * without its newline): the template's session_meta with this thread's facts,
 * then turns copied from the template until the file reaches its target size.
 */
export function renderRollout(
  plan: ThreadPlan,
  random: SeededRandom,
  context: RenderContext,
  emit: (line: string) => void,
  options: { maxTurns?: number } = {},
): RenderedRollout {
  const template = rolloutTemplates()[plan.era];
  const state = { bytes: 0, lines: 0, ordinal: 0, shortIdOffset: 0 };
  const push = (line: string) => {
    emit(line);
    state.bytes += Buffer.byteLength(line) + 1;
    state.lines++;
  };
  push(sessionMetaLine(template, plan, random, context));

  let turnStartMs = plan.createdAtMs + random.int(5, 40);
  let turns = 0;
  let firstUserText = '';
  let lastTimestampMs = plan.createdAtMs;
  const maxTurns = options.maxTurns ?? 100_000;
  while (turns < maxTurns && (turns === 0 || state.bytes < plan.targetBytes)) {
    const turn = turns === 0 ? template.firstTurn : template.followUpTurn;
    const userText = userPrompt(random);
    if (turns === 0) firstUserText = userText;
    const endMs = renderTurn(turn, template, plan, random, context, turnStartMs, userText, state, push);
    lastTimestampMs = endMs;
    turns++;
    turnStartMs = endMs + Math.round(random.logNormal(60_000, 1.2)) + 1_000;
  }
  return { bytes: state.bytes, lines: state.lines, turns, firstUserText, lastTimestampMs };
}

function sessionMetaLine(template: RolloutTemplate, plan: ThreadPlan, random: SeededRandom, context: RenderContext): string {
  const payload: Record<string, unknown> = { ...template.sessionMeta.payload };
  payload.session_id = plan.threadId;
  payload.id = plan.threadId;
  payload.timestamp = new Date(plan.createdAtMs).toISOString();
  payload.cwd = plan.cwd;
  if ('runtime_workspace_roots' in payload) payload.runtime_workspace_roots = [plan.cwd];
  payload.originator = ORIGINATORS[plan.source] ?? 'codex_cli_rs';
  payload.source = plan.source;
  payload.model_provider = plan.modelProvider;
  payload.base_instructions = { ...(payload.base_instructions as object), text: context.baseInstructions };
  if (payload.context_window) payload.context_window = { window_id: uuidV7(plan.createdAtMs, random) };
  if (plan.git) payload.git = plan.git;
  else delete payload.git;
  const timestamp = new Date(plan.createdAtMs + random.int(1, 30)).toISOString();
  const envelope =
    plan.era === 'paginated'
      ? { timestamp, ordinal: 0, type: 'session_meta', payload }
      : { timestamp, type: 'session_meta', payload };
  return JSON.stringify(envelope);
}

interface RenderState {
  bytes: number;
  lines: number;
  ordinal: number;
  shortIdOffset: number;
}

/** Emits one turn; returns the time of its last line. */
function renderTurn(
  turn: TurnTemplate,
  template: RolloutTemplate,
  plan: ThreadPlan,
  random: SeededRandom,
  context: RenderContext,
  startMs: number,
  userText: string,
  state: RenderState,
  push: (line: string) => void,
): number {
  const toolCalls = random.weighted([
    [0, 25],
    [1, 35],
    [2, 20],
    [3, 12],
    [5, 8],
  ] as const);
  const uuids = new Map<string, string>([[template.threadId, plan.threadId]]);
  const agentText = escaped(agentReply(random, Math.min(4_000, Math.round(random.logNormal(200, 0.8)))));
  const toolSpan = turn.toolEndMs - turn.toolStartMs + 40;
  const shiftBase = startMs - turn.startMs;

  const rewrite = (raw: string, shift: number, shortIdOffset: number): string => {
    let line = raw
      .replace(UUID, (id) => {
        let mapped = uuids.get(id);
        if (!mapped) {
          mapped = uuidV7(startMs, random);
          uuids.set(id, mapped);
        }
        return mapped;
      })
      .replace(ENVELOPE_TIME, (_, time: string) => `"timestamp":"${new Date(Date.parse(time) + shift).toISOString()}"`)
      .replace(EPOCH_SECONDS, (_, key: string, secs: string) => `"${key}":${Number(secs) + Math.round(shift / 1000)}`)
      .replace(EPOCH_MILLIS, (_, key: string, ms: string) => `"${key}":${Number(ms) + shift}`)
      .replace(CREATE_TIME, (_, secs: string) => `"create_time":${(Number(secs) + shift / 1000).toFixed(7)}`)
      .replace(SHORT_IDS, (_, kind: string, n: string) => `${kind}_${Number(n) + shortIdOffset}`)
      .replace(CWD, plan.cwd)
      .replaceAll('mock-model', plan.model)
      .replaceAll('"model_provider_id":"mock"', `"model_provider_id":"${plan.modelProvider}"`);
    if (plan.era === 'paginated') line = line.replace(ORDINAL, `"ordinal":${++state.ordinal}`);
    return line;
  };
  const withTexts = (line: string) =>
    line
      .replaceAll(turn.escapedUserText, escaped(userText))
      .replaceAll(turn.escapedAgentText, agentText)
      .replaceAll(DEVELOPER_PLACEHOLDER, context.developerInstructions);

  const nextOffset = () => {
    state.shortIdOffset += 100;
    return state.shortIdOffset;
  };
  let offset = nextOffset();
  for (const raw of turn.head) push(withTexts(rewrite(raw, shiftBase, offset)));
  for (let call = 0; call < toolCalls; call++) {
    const command = toolCommand(random);
    const outputLength = Math.min(64_000, Math.max(20, Math.round(random.logNormal(600, 1.3))));
    const output = escaped(`${context.pool.slice(random, outputLength)}\n`);
    const shift = shiftBase + call * toolSpan;
    for (const raw of turn.toolBlock) {
      push(withTexts(rewrite(raw, shift, offset)).replaceAll(turn.command, command).replaceAll(turn.escapedToolOutput, output));
    }
    offset = nextOffset();
  }
  // Without a tool call the answer moves up to where the call would have started.
  const tailShift = toolCalls === 0 ? shiftBase - (turn.toolEndMs - turn.toolStartMs) : shiftBase + (toolCalls - 1) * toolSpan;
  for (const raw of turn.tail) push(withTexts(rewrite(raw, tailShift, offset)));
  return turn.endMs + tailShift;
}
