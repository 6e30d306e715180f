/**
 * Aggregates V8 CPU profiles (`node --cpu-prof`) by package: self time per npm package (or workspace
 * package, or node: internals), so a profile says where the time goes in one table.
 *
 *   node --import tsx bench/profile-summary.ts <file.cpuprofile|dir> [--top=25]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a script URL belongs to: `pkg` or `@scope/pkg` under node_modules, `@inlet/<dir>` for workspace code. */
export function packageOf(url: string, functionName: string): string {
  if (!url)
    return functionName === '(garbage collector)'
      ? '(gc)'
      : functionName.startsWith('(') // V8's own entries: (idle), (program), (root)
        ? functionName
        : `(${functionName || 'native'})`;
  if (url.startsWith('node:')) return 'node:internals';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 14).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  const workspace = /\/(apps|packages)\/([^/]+)\//.exec(url);
  if (workspace) return `@inlet/${workspace[2]}`;
  return url;
}

export function summarizeProfile(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const key = packageOf(node.callFrame.url, node.callFrame.functionName);
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return totals;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  if (!target) throw new Error('usage: profile-summary.ts <file.cpuprofile|dir> [--top=25]');
  const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
  const files = statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => join(target, f))
    : [target];
  for (const file of files) {
    const totals = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile);
    const all = [...totals.values()].reduce((a, b) => a + b, 0);
    const busy = all - (totals.get('(idle)') ?? 0);
    console.log(
      `\n${file}: ${(all / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy`,
    );
    for (const [name, msTotal] of [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(
        `${(msTotal / 1000).toFixed(2).padStart(8)} s  ${name === '(idle)' ? '      ' : `${((msTotal / busy) * 100).toFixed(1).padStart(5)}%`}  ${name}`,
      );
  }
}
