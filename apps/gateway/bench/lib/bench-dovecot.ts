import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createTestCertificate,
  freePort,
  processesTitled,
  signalIfAlive,
  waitForPort,
} from '@inlet/providers/testing';

const run = promisify(execFile);

/**
 * A scratch Dovecot for benchmarks, based on @inlet/providers/testing startDovecot (same layout: temp
 * dir, passwd-file users, mail owned by nobody, 127.0.0.1 only, trusted test certificate, TLS 1.2
 * floor, mail_fsync = never), with the limits raised so one instance holds thousands of IDLE
 * connections: login processes in high-performance mode (one process serves many TLS clients),
 * process and client limits of several thousand, and mail_max_userip_connections above what an
 * account uses. Every IMAP connection still gets its own `imap` process, as in a default install.
 */
export interface BenchDovecot {
  host: '127.0.0.1';
  imapsPort: number;
  ca: string;
  /** Dovecot titles its processes "dovecot-<instanceName>/..." (used to account their memory and CPU). */
  instanceName: string;
  dir: string;
  doveadm(args: string[]): Promise<string>;
  /** PIDs of the master's children (login, imap, auth, ...). */
  processes(): Promise<number[]>;
  /** CPU seconds used by the whole instance so far: the master, its live children and every child it reaped. */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

export interface BenchDovecotOptions {
  users: { user: string; password: string }[];
  /** Upper bound of simultaneous IMAP connections to plan limits for (default 4000). */
  maxConnections?: number;
}

// Best effort when the run is interrupted (Ctrl-C, SIGTERM): stop each master and remove its directory.
const running = new Map<ChildProcess, string>();
process.once('exit', () => {
  for (const [child, dir] of running) {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});

const INOTIFY_INSTANCES = '/proc/sys/fs/inotify/max_user_instances';

/**
 * Each Dovecot `imap` process in IDLE watches its mailbox with its own inotify instance. Debian's
 * default of 128 per user runs out at ~128 IDLE connections; Dovecot then falls back to polling every
 * 30 s without a word, which slows every Dovecot on the machine (test suites running alongside too).
 * So the limit is raised to what the run plans for (we run as root), or the run stops and says how.
 */
function ensureInotifyInstances(needed: number): void {
  let current: number;
  try {
    current = Number(readFileSync(INOTIFY_INSTANCES, 'utf8').trim());
  } catch {
    return; // not Linux, or /proc is not readable: nothing to check
  }
  if (current >= needed) return;
  try {
    writeFileSync(INOTIFY_INSTANCES, String(needed));
    console.error(`[bench] raised fs.inotify.max_user_instances from ${current} to ${needed}`);
  } catch {
    throw new Error(
      `Dovecot needs ${needed} inotify instances for this run and the limit is ${current}: ` +
        `run \`sysctl -w fs.inotify.max_user_instances=${needed}\` first.`,
    );
  }
}

export async function startBenchDovecot(options: BenchDovecotOptions): Promise<BenchDovecot> {
  if (process.getuid?.() !== 0)
    throw new Error(
      'the bench Dovecot needs root: Dovecot drops privileges to the mail user itself.',
    );
  // One per planned connection, plus room for the other Dovecots a developer may run at the same time.
  ensureInotifyInstances((options.maxConnections ?? 4000) + 1024);
  const certificate = await createTestCertificate('trusted');
  const dir = await mkdtemp(join(tmpdir(), 'inlet-bench-dovecot-'));
  const imapsPort = await freePort();
  const instanceName = `inlet-bench-${randomBytes(4).toString('hex')}`;
  const conf = join(dir, 'dovecot.conf');
  await chmod(dir, 0o755);
  await mkdir(join(dir, 'mail'));
  await chown(join(dir, 'mail'), 65534, 65534);
  await writeFile(join(dir, 'cert.pem'), certificate.cert);
  await writeFile(join(dir, 'key.pem'), certificate.key, { mode: 0o600 });
  await writeFile(
    join(dir, 'users'),
    options.users.map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(''),
    { mode: 0o644 },
  );
  await writeFile(conf, config(dir, instanceName, imapsPort, options.maxConnections ?? 4000));

  let stderr = '';
  const child = spawn('/usr/sbin/dovecot', ['-F', '-c', conf], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString();
  });
  running.set(child, dir);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    const done = () => ((exited = true), resolve());
    child.once('exit', done);
    child.once('error', done);
  });

  const processes = () => processesTitled(`dovecot-${instanceName}/`);
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exit;
        clearTimeout(timer);
      }
      running.delete(child);
      for (let round = 0; round < 100; round++) {
        const left = await processesTitled(`${instanceName}/`);
        if (left.length === 0) break;
        if (round >= 20) for (const pid of left) signalIfAlive(pid, 'SIGTERM');
        await new Promise((r) => setTimeout(r, 50));
      }
      await rm(dir, { recursive: true, force: true });
    })());

  try {
    await waitForPort(imapsPort, 10_000, () => !exited);
  } catch (err) {
    const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
    await stop();
    throw new Error(`bench Dovecot did not start: ${(stderr + log).trim().slice(-2000)}`, {
      cause: err,
    });
  }
  return {
    host: '127.0.0.1',
    imapsPort,
    ca: certificate.ca,
    instanceName,
    dir,
    processes,
    async cpuSeconds() {
      const master = await readFile(`/proc/${child.pid}/stat`, 'utf8').catch(() => '');
      const f = master.slice(master.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime (fields 14-17): reaped children are in cutime/cstime.
      const own =
        f.length > 14 ? (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100 : 0;
      const live = await processUsage(await processes());
      return own + live.cpuSeconds;
    },
    stop,
    async doveadm(args) {
      const { stdout } = await run('/usr/bin/doveadm', ['-c', conf, ...args], {
        timeout: 30_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    },
  };
}

function config(
  dir: string,
  instanceName: string,
  imapsPort: number,
  maxConnections: number,
): string {
  const processes = maxConnections + 100;
  return `# Scratch Dovecot for benchmarks (apps/gateway/bench): raised limits, loopback only
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
instance_name = ${instanceName}

protocols = imap
listen = 127.0.0.1

ssl = yes
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain login
auth_failure_delay = 0

# Limits for thousands of simultaneous connections from one IP (the benchmark's gateway).
default_process_limit = ${processes}
default_client_limit = ${processes * 2}
default_vsz_limit = 512M
mail_max_userip_connections = 20

service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${imapsPort}
    ssl = yes
  }
  # High-performance mode: a few long-lived login processes proxy every TLS connection.
  service_count = 0
  process_min_avail = 2
  client_limit = ${processes}
  vsz_limit = 1G
}
service imap {
  process_limit = ${processes}
}
service anvil {
  client_limit = ${processes * 2 + 100}
}
service auth {
  client_limit = ${processes * 2 + 100}
}

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${dir}/mail/%u
}

mail_location = maildir:~/Maildir
mail_fsync = never

namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
}
`;
}

/** Sum of proportional set size (kB -> bytes) and CPU ticks (utime+stime) of the given processes. */
export async function processUsage(
  pids: number[],
): Promise<{ pssBytes: number; cpuSeconds: number; count: number }> {
  let pss = 0;
  let ticks = 0;
  let count = 0;
  for (const pid of pids) {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    count += 1;
    const m = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (m) pss += Number(m[1]) * 1024;
    // Fields after the ")" of the command: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return { pssBytes: pss, cpuSeconds: ticks / 100, count };
}
