import Table from 'cli-table3';
import type { Colors } from '../io';
import { truncate } from './text';

export interface Column {
  header: string;
  /** Right-align (numbers). */
  alignRight?: boolean;
  /** This column takes the width the others leave, and is cut to fit. */
  flexible?: boolean;
}

/** A cell: plain text, or text with a style applied after it is cut to width. */
export type Cell = string | { text: string; style: (text: string) => string };

const cellText = (cell: Cell | undefined): string => (cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text);

const GAP = '  ';
/** Width assumed when output is not a terminal: wide enough for ids and a readable title. */
const PIPE_WIDTH = 160;
const MIN_FLEXIBLE_WIDTH = 16;

/**
 * A borderless table with aligned columns and a dim header, as `git` or `ls -l`
 * print them. On a terminal the flexible column is cut to the window width so
 * rows never wrap.
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  options: { colors: Colors; width: number | undefined },
): string {
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => Array.from(cellText(row[i])).length)),
  );
  const flexibleIndex = columns.findIndex((column) => column.flexible);
  if (flexibleIndex >= 0) {
    const total = options.width ?? PIPE_WIDTH;
    const others = widths.reduce((sum, width, i) => (i === flexibleIndex ? sum : sum + width), 0);
    const available = Math.max(MIN_FLEXIBLE_WIDTH, total - others - GAP.length * (columns.length - 1) - 1);
    widths[flexibleIndex] = Math.min(widths[flexibleIndex]!, available);
  }

  const table = new Table({
    head: columns.map((column) => options.colors.dim(column.header)),
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: GAP,
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colAligns: columns.map((column) => (column.alignRight ? 'right' : 'left')),
    wordWrap: false,
  });
  for (const row of rows) {
    table.push(
      row.map((cell, i) => {
        const text = truncate(cellText(cell), widths[i]!);
        return typeof cell === 'string' ? text : cell.style(text);
      }),
    );
  }
  // cli-table3 pads every row to the widest; trailing spaces only get in the way of `grep`/`cut`.
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
