/**
 * Server-sent events of the OpenAI Responses streaming API, as much of it as the
 * Codex CLI reads: created, output_item.added/done, output_text.delta, completed.
 */

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponsesOutputItem =
  | {
      type: 'message';
      id: string;
      role: 'assistant';
      status: 'completed';
      content: Array<{ type: 'output_text'; text: string; annotations: [] }>;
    }
  | {
      type: 'function_call';
      id: string;
      call_id: string;
      name: string;
      arguments: string;
      status: 'completed';
    };

export function sseEvent(data: { type: string } & Record<string, unknown>): string {
  return `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The whole event stream of one response that produces `item`. */
export function responseEvents(responseId: string, item: ResponsesOutputItem, usage: ResponsesUsage): string[] {
  const inProgress = { id: responseId, object: 'response', status: 'in_progress', output: [] };
  const events = [
    sseEvent({ type: 'response.created', sequence_number: 0, response: inProgress }),
    sseEvent({ type: 'response.in_progress', sequence_number: 1, response: inProgress }),
  ];
  if (item.type === 'message') {
    const text = item.content[0]?.text ?? '';
    events.push(
      sseEvent({
        type: 'response.output_item.added',
        output_index: 0,
        item: { ...item, status: 'in_progress', content: [] },
      }),
    );
    // Stream the text in a few pieces, as a real model would.
    for (const delta of splitIntoDeltas(text)) {
      events.push(sseEvent({ type: 'response.output_text.delta', item_id: item.id, output_index: 0, content_index: 0, delta }));
    }
    events.push(sseEvent({ type: 'response.output_text.done', item_id: item.id, output_index: 0, content_index: 0, text }));
  } else {
    events.push(sseEvent({ type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress' } }));
  }
  events.push(sseEvent({ type: 'response.output_item.done', output_index: 0, item }));
  events.push(
    sseEvent({
      type: 'response.completed',
      response: { id: responseId, object: 'response', status: 'completed', output: [item], usage },
    }),
  );
  return events;
}

function splitIntoDeltas(text: string): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const deltas: string[] = [];
  for (let i = 0; i < words.length; i += 4) deltas.push(words.slice(i, i + 4).join(''));
  return deltas;
}

/** Rough token counts (4 characters a token) so Codex records plausible usage. */
export function estimateUsage(requestBytes: number, outputText: string): ResponsesUsage {
  const input = Math.max(1, Math.ceil(requestBytes / 4));
  const output = Math.max(1, Math.ceil(outputText.length / 4));
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}
