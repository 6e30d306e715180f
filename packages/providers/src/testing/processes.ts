import { readdir, readFile } from 'node:fs/promises';

/** PIDs of the processes whose command line contains `marker` (Dovecot titles its children "dovecot-<instance>/<service>"). */
export async function processesTitled(marker: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(marker)) pids.push(Number(entry));
  }
  return pids;
}

/** Signals `pid`, which may have exited already. */
export function signalIfAlive(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
