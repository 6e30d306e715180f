import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort, waitForPort } from './free-port.js';
import { createTestCertificate } from './test-certificates.js';

const run = promisify(execFile);

export interface PostfixUser {
  user: string;
  password: string;
}

export interface PostfixServer {
  host: '127.0.0.1';
  /** 587-style submission: STARTTLS required, SASL AUTH (PLAIN, LOGIN) only after TLS. */
  submissionPort: number;
  /** The test CA that signed Postfix's `localhost` certificate. */
  ca: string;
  /** What Postfix relayed on to its local sink: every accepted message, parsed. */
  delivered: { envelope: { from: string; to: string[] }; parsed: ParsedMail }[];
  stop(): Promise<void>;
}

/**
 * A private Postfix instance (`postfix -c DIR start|stop`, needs root as Debian's postfix does) with a
 * submission listener on loopback: STARTTLS + Cyrus SASL (sasldb) AUTH. It relays what it accepts to a
 * local smtp-server sink, so tests see what was delivered; nothing leaves the machine (no DNS either).
 */
export async function startPostfix(options: { users: PostfixUser[] }): Promise<PostfixServer> {
  const dir = await mkdtemp(join(tmpdir(), 'inlet-postfix-'));
  const etc = join(dir, 'etc');
  const delivered: PostfixServer['delivered'] = [];
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          delivered.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            parsed,
          });
          callback();
        })
        .catch(callback);
    },
  });
  const sinkPort = await freePort();
  await new Promise<void>((resolve) => sink.listen(sinkPort, '127.0.0.1', resolve));
  const submissionPort = await freePort();
  const certificate = await createTestCertificate('trusted');
  let started = false;
  const postfix = (command: string) =>
    // Postfix prints fatal configuration errors only to a terminal: `script` gives it one.
    run('script', ['-qec', `/usr/sbin/postfix -c ${etc} ${command}`, '/dev/null'], {
      timeout: 30_000,
    }).catch(async (err: { stdout?: string }) => {
      const log = await readFile(join(dir, 'maillog'), 'utf8').catch(() => '');
      throw new Error(`postfix ${command} failed: ${err.stdout ?? String(err)}\n${log}`);
    });

  try {
    await mkdir(join(etc, 'sasl'), { recursive: true });
    await mkdir(join(dir, 'spool'), { recursive: true });
    await mkdir(join(dir, 'data'), { recursive: true });
    await writeFile(join(etc, 'cert.pem'), certificate.cert);
    await writeFile(join(etc, 'key.pem'), certificate.key, { mode: 0o600 });
    await writeFile(
      join(etc, 'main.cf'),
      [
        'compatibility_level = 3.6',
        `queue_directory = ${dir}/spool`,
        `data_directory = ${dir}/data`,
        'mail_owner = postfix',
        'setgid_group = postdrop',
        'myhostname = localhost',
        'mydestination =',
        'inet_interfaces = 127.0.0.1',
        'inet_protocols = ipv4',
        'mynetworks = 127.0.0.0/8',
        `maillog_file = ${dir}/maillog`,
        `maillog_file_prefixes = ${dir}/`,
        'smtp_dns_support_level = disabled',
        'smtp_host_lookup = native',
        `relayhost = [127.0.0.1]:${sinkPort}`,
        'smtp_tls_security_level = none',
        `smtpd_tls_cert_file = ${etc}/cert.pem`,
        `smtpd_tls_key_file = ${etc}/key.pem`,
        'smtpd_tls_security_level = may',
        'smtpd_sasl_type = cyrus',
        `cyrus_sasl_config_path = ${etc}/sasl`,
        'smtpd_sasl_path = smtpd',
        'smtpd_sasl_local_domain = localhost',
        'smtpd_sasl_auth_enable = no',
        'smtpd_relay_restrictions = permit_sasl_authenticated, reject',
        'biff = no',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(etc, 'sasl', 'smtpd.conf'),
      `pwcheck_method: auxprop\nauxprop_plugin: sasldb\nmech_list: PLAIN LOGIN\nsasldb_path: ${etc}/sasl/sasldb2\n`,
    );
    for (const u of options.users) {
      const child = execFile('/usr/sbin/saslpasswd2', [
        '-p',
        '-c',
        '-f',
        `${etc}/sasl/sasldb2`,
        '-u',
        'localhost',
        u.user,
      ]);
      child.stdin?.end(u.password);
      await new Promise<void>((resolve, reject) =>
        child.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`saslpasswd2 exited ${code}`)),
        ),
      );
    }
    // Postfix's daemons run as the postfix user: they must reach the instance's folder and own its data.
    const { stdout: postfixUid } = await run('id', ['-u', 'postfix']);
    const uid = Number(postfixUid.trim());
    await chmod(dir, 0o755);
    await chown(join(dir, 'data'), uid, 0);
    await chown(`${etc}/sasl/sasldb2`, uid, 0);
    await chmod(`${etc}/sasl/sasldb2`, 0o640);
    // Debian's master.cf for the internal services, unchrooted, with our submission listener instead of port 25.
    const master = (await readFile('/etc/postfix/master.cf', 'utf8'))
      .split('\n')
      .filter((line) => !/^(smtp|submission|submissions|smtps)\s+inet\b/.test(line))
      .map((line) =>
        /^[a-z]/.test(line) ? line.replace(/^(\S+\s+\S+\s+\S+\s+\S+\s+)y(\s)/, '$1n$2') : line,
      )
      .join('\n');
    await writeFile(
      join(etc, 'master.cf'),
      `${master}\n127.0.0.1:${submissionPort} inet n - n - - smtpd\n` +
        '  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n' +
        '  -o smtpd_tls_auth_only=yes\n' +
        '  -o smtpd_client_restrictions=permit_sasl_authenticated,reject\n' +
        '  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n',
    );
    await postfix('set-permissions');
    await postfix('start');
    started = true;
    await waitForPort(submissionPort, 15_000);
  } catch (err) {
    if (started) await postfix('stop').catch(() => undefined);
    await new Promise<void>((resolve) => sink.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  let stopped = false;
  return {
    host: '127.0.0.1',
    submissionPort,
    ca: certificate.ca,
    delivered,
    async stop() {
      if (stopped) return;
      stopped = true;
      await postfix('stop').catch(() => undefined);
      await new Promise<void>((resolve) => sink.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
