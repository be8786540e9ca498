/** One line of the benchmark table and of `bench/results/<date>.json`. */
export interface Figure {
  label: string;
  value: number;
  unit: 'ms' | 'MB' | 'MB/s' | 'items/s' | 'x';
}

export interface BenchRow {
  /** Stable key (the smoke test checks every one is present). */
  id: string;
  workload: string;
  threadkit: Figure | null;
  baseline: Figure | null;
  /** How the two compare, in the direction the budget is stated (see `ratioMeaning`). */
  ratio: number | null;
  ratioMeaning: string;
  /** The DESIGN.md §11 budget for this row, or null when §11 sets none. */
  budget: string | null;
  met: boolean | null;
  notes: string;
  /** Why a row has no figures (skipped, failed). */
  missing?: string;
}
