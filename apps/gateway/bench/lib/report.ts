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
  headline: [string, string][];
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
