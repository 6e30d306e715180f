import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const gatewayDir = fileURLToPath(new URL('../..', import.meta.url));

/** A gateway entry point (src/main.ts, src/worker.ts) running as a real child process. */
export interface Spawned {
  child: ChildProcess;
  /** What it wrote to stdout and stderr so far. */
  output: string[];
  /** Resolves with the exit code (null when killed by a signal). */
  exit: Promise<number | null>;
}

/** Runs a gateway script from its TypeScript sources, as `npm run dev` does, with `env` added. */
export function spawnProcess(script: string, env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, ['--conditions=@inlet/source', '--import', 'tsx', script], {
    cwd: gatewayDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exit };
}

/** Resolves with the exit code, or with 'stuck' if the process is still running after `ms`. */
export function exitWithin(process: Spawned, ms: number): Promise<number | null | 'stuck'> {
  return Promise.race([
    process.exit,
    new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), ms).unref()),
  ]);
}

/** kill -9, and waits until it is gone. */
export async function killHard(process: Spawned): Promise<void> {
  if (process.child.exitCode === null && process.child.signalCode === null)
    process.child.kill('SIGKILL');
  await process.exit;
}
