/**
 * DESIGN.md §11, one entry per table row that has a budget. `ratio` is
 * always computed so that the budget reads "ratio <op> limit".
 */
export interface Budget {
  text: string;
  ratioMeaning: string;
  met(ratio: number): boolean;
}

export const BUDGETS = {
  indexVsCodex: {
    text: '≥ 3× faster than Codex',
    ratioMeaning: 'Codex time / threadkit time',
    met: (ratio: number) => ratio >= 3,
  },
  listIndexedVsSql: {
    text: '≤ 2× the bare SQL query',
    ratioMeaning: 'threadkit time / SQL time',
    met: (ratio: number) => ratio <= 2,
  },
  listUnindexedVsCodex: {
    text: "faster than Codex's thread/list",
    ratioMeaning: 'threadkit time / Codex time',
    met: (ratio: number) => ratio < 1,
  },
  appendVsWriteSync: {
    text: '≤ 2× bare fs.writeSync',
    ratioMeaning: 'threadkit time / floor time',
    met: (ratio: number) => ratio <= 2,
  },
  readVsJsonParse: {
    text: '≥ ½ the speed of JSON.parse per line',
    ratioMeaning: 'threadkit time / floor time',
    met: (ratio: number) => ratio <= 2,
  },
  readMemory: {
    text: 'peak memory bounded by the history returned (≤ 2×)',
    ratioMeaning: 'peak RSS growth / heap held by the returned history',
    met: (ratio: number) => ratio <= 2,
  },
} satisfies Record<string, Budget>;
