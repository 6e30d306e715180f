/**
 * Aggregates V8 CPU profiles (`node --cpu-prof`) by package: self time per npm package (or workspace
 * package, or node: internals), so a profile says where the time goes in one table.
 *
 *   node --import tsx bench/profile-summary.ts <file.cpuprofile|dir> [--top=25] [--functions[=package]]
 *
 * `--functions` lists self time per function instead (`package function file:line`), optionally only
 * those of one package: which of its functions the package's share is.
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

/** `package function file:line` of a profile node: the key of a per-function summary. */
export function functionOf({ callFrame: { url, functionName, lineNumber } }: ProfileNode): string {
  const pkg = packageOf(url, functionName);
  if (!url) return pkg;
  return `${pkg} ${functionName || '(anonymous)'} ${url.slice(url.lastIndexOf('/') + 1)}:${lineNumber + 1}`;
}

/** Self time (ms) per key: the node's package unless `keyOf` says otherwise. */
export function summarizeProfile(
  profile: Profile,
  keyOf: (node: ProfileNode) => string = (n) =>
    packageOf(n.callFrame.url, n.callFrame.functionName),
): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const key = keyOf(node);
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return totals;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  if (!target) throw new Error('usage: profile-summary.ts <file.cpuprofile|dir> [--top=25]');
  const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
  const functions = process.argv.find((a) => a.startsWith('--functions'));
  const only = functions?.split('=')[1];
  const files = statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => join(target, f))
    : [target];
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const totals = summarizeProfile(profile, functions ? functionOf : undefined);
    const all = [...totals.values()].reduce((a, b) => a + b, 0);
    const busy = all - (totals.get('(idle)') ?? 0);
    if (only) for (const key of totals.keys()) if (!key.startsWith(`${only} `)) totals.delete(key);
    console.log(
      `\n${file}: ${(all / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy`,
    );
    for (const [name, msTotal] of [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(
        `${(msTotal / 1000).toFixed(2).padStart(8)} s  ${name === '(idle)' ? '      ' : `${((msTotal / busy) * 100).toFixed(1).padStart(5)}%`}  ${name}`,
      );
  }
}
