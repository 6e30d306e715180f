import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';

export interface MachineInfo {
  nproc: number;
  memory: string;
  node: string;
  cpuModel: string;
  os: string;
  dovecot: string;
  postgres: string | null;
}

function firstLine(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', timeout: 5000 }).trim().split('\n')[0] ?? '';
  } catch {
    return 'unknown';
  }
}

export function machineInfo(postgresVersion: string | null): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model =
    /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const totalKb = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1] ?? totalmem() / 1024);
  const osRelease = readFileSync('/etc/os-release', 'utf8');
  return {
    nproc: Number(firstLine('nproc', [])) || cpus().length,
    memory: `${(totalKb / 1024 / 1024).toFixed(1)} GiB (MemTotal ${totalKb} kB)`,
    node: process.version,
    cpuModel: model,
    os: `${/^PRETTY_NAME="?([^"\n]+)"?/m.exec(osRelease)?.[1] ?? 'Linux'}, kernel ${firstLine('uname', ['-r'])}`,
    dovecot: firstLine('/usr/sbin/dovecot', ['--version']),
    postgres: postgresVersion,
  };
}
