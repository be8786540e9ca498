import Table from 'cli-table3';
import type { BenchRow, Figure } from './bench-row';

function formatFigure(figure: Figure | null): string {
  if (!figure) return '—';
  const value =
    figure.unit === 'ms' && figure.value >= 1000
      ? `${(figure.value / 1000).toFixed(2)} s`
      : `${figure.value >= 100 ? Math.round(figure.value).toLocaleString('en-US') : figure.value.toPrecision(3)} ${figure.unit}`;
  return `${figure.label}\n${value}`;
}

function formatRatio(row: BenchRow): string {
  if (row.ratio === null) return '—';
  return `${row.ratio.toFixed(2)}\n(${row.ratioMeaning})`;
}

function formatMet(row: BenchRow): string {
  if (row.missing) return row.missing;
  if (row.met === null) return 'no budget';
  return row.met ? 'met' : 'MISSED';
}

/** The benchmark table: one row per workload, absolute figures, the ratio, the §11 budget and the verdict. */
export function renderTable(rows: BenchRow[]): string {
  const table = new Table({
    head: ['workload', 'threadkit', 'baseline', 'ratio', 'budget (§11)', 'verdict', 'notes'],
    colWidths: [26, 24, 26, 22, 22, 12, 34],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const row of rows) {
    table.push([row.workload, formatFigure(row.threadkit), formatFigure(row.baseline), formatRatio(row), row.budget ?? '—', formatMet(row), row.notes]);
  }
  return table.toString();
}
