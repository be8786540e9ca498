import type { SeededRandom } from './seeded-random';

/** Deterministic stand-ins for what people type and what tools print. */

const VERBS = ['fix', 'refactor', 'explain', 'add tests for', 'speed up', 'document', 'review', 'debug', 'rename', 'port'];
const OBJECTS = [
  'the flaky retry logic',
  'the session cache',
  'the login form validation',
  'the CSV importer',
  'the websocket reconnect path',
  'the migration script',
  'the rate limiter',
  'the settings page',
  'the build pipeline',
  'the search endpoint',
  'the PDF export',
  'the payment webhook handler',
];
const PLACES = ['src/server', 'src/client', 'lib/core', 'packages/api', 'app/models', 'internal/store', 'cmd/worker', 'web/components'];
const FILES = ['index.ts', 'handler.go', 'models.py', 'cache.rs', 'routes.ts', 'util.js', 'schema.sql', 'main.rs', 'view.tsx'];
const WORDS = [
  'the', 'function', 'returns', 'early', 'when', 'input', 'is', 'empty', 'so', 'callers', 'never', 'see', 'partial',
  'state', 'we', 'should', 'move', 'validation', 'before', 'the', 'write', 'and', 'keep', 'one', 'code', 'path',
  'tests', 'cover', 'both', 'branches', 'timeout', 'retry', 'buffer', 'cursor', 'index', 'query', 'cache', 'lock',
];
const NAME_WORDS = ['Release', 'Checklist', 'Parser', 'Cache', 'Migration', 'Flaky', 'Build', 'Review', 'Auth', 'Export', 'Bugfix'];

export function userPrompt(random: SeededRandom): string {
  const place = `${random.pick(PLACES)}/${random.pick(FILES)}`;
  const extra = random.chance(0.5) ? ` ${sentence(random, random.int(6, 30))}` : '';
  return `${random.pick(VERBS)} ${random.pick(OBJECTS)} in ${place}${extra}`;
}

export function agentReply(random: SeededRandom, minLength: number): string {
  let text = '';
  while (text.length < minLength) text += `${sentence(random, random.int(8, 24))}. `;
  return text.trimEnd();
}

/** Never contains quotes or backslashes: it is spliced into JSON escaped once and twice. */
export function toolCommand(random: SeededRandom): string {
  const place = random.pick(PLACES);
  return random.pick([
    `rg -n ${random.pick(WORDS)} ${place}`,
    `sed -n '1,200p' ${place}/${random.pick(FILES)}`,
    `git diff -- ${place}`,
    `npm test -- ${place}`,
    `ls -la ${place}`,
  ]);
}

export function threadName(random: SeededRandom): string {
  return `${random.pick(NAME_WORDS)} ${random.pick(NAME_WORDS).toLowerCase()} ${random.int(1, 999)}`;
}

function sentence(random: SeededRandom, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(random.pick(WORDS));
  return out.join(' ');
}

/**
 * A pool of tool-output-like text (source lines, test logs) that outputs of
 * any length are sliced from: building 400 MB word by word would dominate
 * the time to generate a home.
 */
export class TextPool {
  private readonly text: string;

  constructor(random: SeededRandom, size = 1 << 20) {
    const lines: string[] = [];
    let length = 0;
    let lineNo = 1;
    while (length < size) {
      const line = random.chance(0.3)
        ? `${random.pick(PLACES)}/${random.pick(FILES)}:${lineNo}: ${sentence(random, random.int(3, 12))}`
        : `${'  '.repeat(random.int(0, 4))}${random.pick(['const', 'let', 'if (', 'return', 'await', '//'])} ${sentence(random, random.int(2, 10))};`;
      lines.push(line);
      length += line.length + 1;
      lineNo++;
    }
    this.text = lines.join('\n');
  }

  slice(random: SeededRandom, length: number): string {
    const capped = Math.min(length, this.text.length);
    const start = random.int(0, this.text.length - capped);
    return this.text.slice(start, start + capped);
  }
}

/** Codex's base instructions are a long fixed prompt; its size matters for how heavy a file head is. */
export function baseInstructions(random: SeededRandom, length: number): string {
  return paragraphText(random, 'You are Codex, a coding agent.', length);
}

export function developerInstructions(random: SeededRandom, length: number): string {
  return paragraphText(random, '<permissions instructions>', length);
}

function paragraphText(random: SeededRandom, opening: string, length: number): string {
  const parts = [opening];
  let size = opening.length;
  while (size < length) {
    const part = random.chance(0.2) ? `\n\n## ${random.pick(NAME_WORDS)}\n` : `${sentence(random, random.int(10, 30))}. `;
    parts.push(part);
    size += part.length;
  }
  return parts.join('').slice(0, length);
}
