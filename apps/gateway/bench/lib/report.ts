import { readFileSync } from 'node:fs';

/**
 * One summary line: measure, value, and optionally the goal and how the value stands against it
 * (e.g. "met: 12 ms <= 30 ms" or "2.4x short").
 */
export type Headline = [measure: string, value: string, goal?: string, against?: string];

/** What one benchmark hands to the report: how it was measured and the numbers. */
export interface BenchResult {
  id: string;
  title: string;
  /** Markdown paragraphs/bullets: the method, exactly as run. */
  method: string[];
  tables: { caption?: string; headers: string[]; rows: string[][] }[];
  /** Findings and caveats, from this run. */
  notes: string[];
  /** The few numbers for the summary table: [measure, value]. */
  headline: Headline[];
  seconds: number;
}

export function markdownTable(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export function textTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (c ?? '').padEnd(widths[i]!)).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Prints progress to stderr so stdout keeps the tables. */
export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** The 1-minute load average right now: every row records the load it was measured under. */
export function load1(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?';
}

/** "met (12 ms <= 30 ms)" or "missed (45 ms > 30 ms)": a value against an upper bound. */
export function atMost(value: number, goal: number, unit: (v: number) => string): string {
  return `${value <= goal ? 'met' : 'missed'} (${unit(value)} ${value <= goal ? '<=' : '>'} ${unit(goal)})`;
}

/** "met (1,200 >= 1,000 req/s)" or "missed": a value against a lower bound. */
export function atLeast(value: number, goal: number, unit: (v: number) => string): string {
  return `${value >= goal ? 'met' : 'missed'} (${unit(value)} ${value >= goal ? '>=' : '<'} ${unit(goal)})`;
}
