import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitForPort } from './free-port.js';
import { processesTitled, signalIfAlive } from './processes.js';
import {
  createTestCertificate,
  type TestCertificate,
  type TestCertificateKind,
} from './test-certificates.js';

const run = promisify(execFile);

// Best effort when a test process ends without calling stop(): one 'exit' listener for every instance.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

export interface DovecotUser {
  user: string;
  password: string;
}

export interface DovecotOptions {
  /** Certificate served on both ports (default `trusted`: localhost + 127.0.0.1, signed by `ca`). */
  certificate?: TestCertificateKind;
  /** passwd-file users (default one user, jane@example.test / jane-password). */
  users?: DovecotUser[];
  /**
   * true (default): Drafts/Sent/Trash/Junk/Archive exist for every user and carry SPECIAL-USE flags.
   * false: no special-use flags, SPECIAL-USE is not advertised and no folder is created automatically,
   * like a server that only has folder names (create them with `folders` or `doveadm`).
   */
  specialUse?: boolean;
  /** Folders created for every user at start (with `specialUse: false`, e.g. "Sent Items"). */
  folders?: string[];
  /**
   * Also accept OAuth 2.0 bearer logins (an oauth2 passdb): each token is checked at an RFC 7662
   * introspection endpoint (POST), whose `usernameAttribute` must equal the login name. Passwords keep
   * working through the passwd-file. Default mechanisms: XOAUTH2 only, as Microsoft 365 offers.
   */
  oauth2?: DovecotOAuth2Options;
  /**
   * Extra dovecot.conf lines, appended at the end (later settings override earlier ones), e.g.
   * `['mail_max_userip_connections = 2']` for a server that refuses a user's third connection.
   * Test-only: the lines are written as given.
   */
  extraConfig?: string[];
  /**
   * false (default): no per-IP login penalty. A real Dovecot delays every login from an address that
   * recently failed one (2, 4, 8, then 15 s, through its anvil service); tests with wrong passwords
   * would pay those seconds on every later login. true: keep the penalty, as production servers do.
   */
  loginPenalty?: boolean;
}

export interface DovecotOAuth2Options {
  /** http(s) URL of the introspection endpoint. */
  introspectionUrl: string;
  /** Sent with each introspection request (client_secret_post). */
  clientId?: string;
  clientSecret?: string;
  /** Introspection field holding the user name (default `username`; oidc-provider: `sub`). */
  usernameAttribute?: string;
  mechanisms?: ('xoauth2' | 'oauthbearer')[];
}

export interface DovecotServer {
  host: '127.0.0.1';
  /** Implicit TLS listener (993-style). */
  imapsPort: number;
  /** Plain listener that offers STARTTLS (143-style); LOGIN is refused before TLS. */
  imapPort: number;
  /** PEM of the test CA; trusting it verifies a `trusted` certificate. */
  ca: string;
  certificate: TestCertificate;
  users: DovecotUser[];
  /** Dovecot's log file (logins are logged as `imap-login: Login: user=<...>, method=...`). */
  logPath: string;
  /** Runs `doveadm -c <this config> ...args` and returns its stdout. */
  doveadm(args: string[]): Promise<string>;
  /** Stops the instance (master and every child process) and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops the server but keeps its mail and configuration (the server "goes down"). */
  pause(): Promise<void>;
  /** Starts a paused server again on the same ports, with the same mail. */
  resume(): Promise<void>;
}

const DEFAULT_USERS: DovecotUser[] = [{ user: 'jane@example.test', password: 'jane-password' }];

// Dovecot 2.3 post-login capabilities minus SPECIAL-USE (used with specialUse: false).
const CAPABILITY_WITHOUT_SPECIAL_USE =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS ' +
  'THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED ' +
  'I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE LITERAL+';

/**
 * Starts a scratch Dovecot (Debian dovecot-imapd 2.3) in a temp directory: runs as root, mail owned by
 * nobody:nogroup, listens on 127.0.0.1 only on two ports chosen free at start, passwd-file users,
 * TLS 1.2 minimum, no extra delay after a failed login (`auth_failure_delay = 0`) and, unless
 * `loginPenalty`, no per-IP penalty on the logins after a failed one.
 */
export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  if (process.getuid?.() !== 0)
    throw new Error('startDovecot needs root: Dovecot drops privileges to the mail user itself.');
  const certificate = await createTestCertificate(options.certificate ?? 'trusted');
  const users = options.users ?? DEFAULT_USERS;
  const specialUse = options.specialUse ?? true;

  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const dir = await mkdtemp(join(tmpdir(), 'inlet-dovecot-'));
    let server: DovecotServer | undefined;
    try {
      server = await startInstance(
        dir,
        certificate,
        users,
        specialUse,
        options.oauth2,
        options.extraConfig ?? [],
        options.loginPenalty ?? false,
      );
      for (const folder of options.folders ?? []) {
        for (const { user } of users)
          await server.doveadm(['mailbox', 'create', '-u', user, folder]);
      }
      return server;
    } catch (err) {
      lastError = err;
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }
  throw new Error('Dovecot did not start', { cause: lastError });
}

async function startInstance(
  dir: string,
  certificate: TestCertificate,
  users: DovecotUser[],
  specialUse: boolean,
  oauth2: DovecotOAuth2Options | undefined,
  extraConfig: string[],
  loginPenalty: boolean,
): Promise<DovecotServer> {
  const imapPort = await freePort();
  let imapsPort = await freePort();
  for (let i = 0; i < 5 && imapsPort === imapPort; i++) imapsPort = await freePort();
  const instanceName = `inlet-test-${randomBytes(4).toString('hex')}`;
  const conf = join(dir, 'dovecot.conf');
  const mailDir = join(dir, 'mail');

  // mkdtemp makes a 0700 directory; mail processes run as nobody and must traverse it.
  await chmod(dir, 0o755);
  await mkdir(mailDir);
  await chown(mailDir, 65534, 65534); // nobody:nogroup, as the userdb below
  await writeFile(join(dir, 'cert.pem'), certificate.cert);
  await writeFile(join(dir, 'key.pem'), certificate.key, { mode: 0o600 });
  // Read by the auth process (user dovecot); test passwords only.
  await writeFile(
    join(dir, 'users'),
    users.map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(''),
    { mode: 0o644 },
  );
  if (oauth2)
    await writeFile(join(dir, 'dovecot-oauth2.conf.ext'), oauth2Config(oauth2), { mode: 0o644 });
  await writeFile(
    conf,
    dovecotConfig({ dir, instanceName, imapPort, imapsPort, specialUse, oauth2, loginPenalty }) +
      extraLines(extraConfig),
  );

  // The master runs in the foreground (-F) as our child; pause() stops it and resume() starts it again
  // on the same ports with the same mail, like a server restart.
  let stderr = '';
  const launch = () => {
    const child = spawn('/usr/sbin/dovecot', ['-F', '-c', conf], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    const state = { child, exited: false, exit: Promise.resolve() };
    state.exit = new Promise<void>((resolve) => {
      const done = () => ((state.exited = true), resolve());
      child.once('exit', done);
      child.once('error', done); // e.g. the binary is missing
    });
    running.add(child);
    return state;
  };
  let proc = launch();
  const halt = async () => {
    await stopDovecot(proc.child, proc.exit, () => proc.exited, instanceName);
    running.delete(proc.child);
  };
  const ready = async () => {
    await waitForPort(imapPort, 10_000, () => !proc.exited);
    await waitForPort(imapsPort, 10_000, () => !proc.exited);
  };

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await halt();
      await rm(dir, { recursive: true, force: true });
    })());

  try {
    await ready();
  } catch (err) {
    const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
    await stop();
    throw new Error(`Dovecot did not start: ${(stderr + log).trim().slice(-2000)}`, { cause: err });
  }

  return {
    host: '127.0.0.1',
    imapsPort,
    imapPort,
    ca: certificate.ca,
    certificate,
    users,
    logPath: join(dir, 'dovecot.log'),
    stop,
    pause: halt,
    async resume() {
      if (stopped) throw new Error('resume() after stop(): this Dovecot and its mail are gone');
      if (!proc.exited) return;
      proc = launch();
      await ready();
    },
    async doveadm(args) {
      const { stdout } = await run('/usr/bin/doveadm', ['-c', conf, ...args], { timeout: 10_000 });
      return stdout;
    },
  };
}

/** SIGTERM to the master (-F keeps it our child); it stops its services. Stragglers of this instance get SIGKILL. */
async function stopDovecot(
  child: ChildProcess,
  exit: Promise<void>,
  exited: () => boolean,
  instanceName: string,
): Promise<void> {
  if (!exited()) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exit;
    clearTimeout(timer);
  }
  // Child processes are titled "dovecot-<instance_name>/<service>"; after the master's exit none should be left.
  for (let round = 0; round < 50; round++) {
    const left = await processesTitled(`${instanceName}/`);
    if (left.length === 0) return;
    if (round >= 10) for (const pid of left) signalIfAlive(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The auth process (user dovecot) cannot open anvil's penalty socket with mode 0, and then it applies
// no penalty at all (Dovecot 2.3 auth-penalty.c: a failed anvil connect disables the penalty).
const NO_LOGIN_PENALTY = `# Test-only: no per-IP penalty after failed logins.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`;

function extraLines(lines: string[]): string {
  return lines.length === 0
    ? ''
    : `\n# Extra configuration (DovecotOptions.extraConfig)\n${lines.join('\n')}\n`;
}

function oauth2Config(o: DovecotOAuth2Options): string {
  return [
    'introspection_mode = post',
    `introspection_url = ${o.introspectionUrl}`,
    'force_introspection = yes',
    `username_attribute = ${o.usernameAttribute ?? 'username'}`,
    'active_attribute = active',
    'active_value = true',
    'timeout_msecs = 5000',
    ...(o.clientId ? [`client_id = ${o.clientId}`] : []),
    ...(o.clientSecret ? [`client_secret = ${o.clientSecret}`] : []),
    '',
  ].join('\n');
}

function dovecotConfig(c: {
  dir: string;
  instanceName: string;
  imapPort: number;
  imapsPort: number;
  specialUse: boolean;
  oauth2?: DovecotOAuth2Options | undefined;
  loginPenalty: boolean;
}): string {
  const oauthMechanisms = c.oauth2 ? (c.oauth2.mechanisms ?? ['xoauth2']).join(' ') : '';
  const specialFolders = c.specialUse
    ? ['Drafts', 'Sent', 'Trash', 'Junk', 'Archive']
        .map(
          (name) => `  mailbox ${name} {\n    special_use = \\${name}\n    auto = subscribe\n  }`,
        )
        .join('\n')
    : '';
  return `# Scratch Dovecot for tests (generated by @inlet/providers/testing)
base_dir = ${c.dir}/run
state_dir = ${c.dir}/state
log_path = ${c.dir}/dovecot.log
info_log_path = ${c.dir}/dovecot.log
instance_name = ${c.instanceName}

protocols = imap
listen = 127.0.0.1

ssl = yes
ssl_cert = <${c.dir}/cert.pem
ssl_key = <${c.dir}/key.pem
ssl_min_protocol = TLSv1.2

# Like a production server: no LOGIN before TLS (LOGINDISABLED on the plain port until STARTTLS).
disable_plaintext_auth = yes
auth_mechanisms = plain login${c.oauth2 ? ` ${oauthMechanisms}` : ''}
# Test-only: no extra delay after a failed login.
auth_failure_delay = 0
${c.loginPenalty ? '' : NO_LOGIN_PENALTY}${c.specialUse ? '' : `imap_capability = ${CAPABILITY_WITHOUT_SPECIAL_USE}\n`}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${c.imapPort}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${c.imapsPort}
    ssl = yes
  }
}

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${c.dir}/users
${c.oauth2 ? '  mechanisms = plain login\n' : ''}}
${c.oauth2 ? `passdb {\n  driver = oauth2\n  mechanisms = ${oauthMechanisms}\n  args = ${c.dir}/dovecot-oauth2.conf.ext\n}\n` : ''}userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${c.dir}/mail/%u
}

mail_location = maildir:~/Maildir
# Test-only: skip fsync.
mail_fsync = never

namespace inbox {
  inbox = yes
  separator = /
${specialFolders}
}
`;
}
