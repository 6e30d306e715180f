import { createProviderRegistry, type StepReport } from '@inlet/providers';
import {
  loopbackVet,
  startDovecot,
  startSmtpServer,
  testMailboxClient,
} from '@inlet/providers/testing';
import nodemailer from 'nodemailer';
import { atMost, load1, log, type BenchResult } from './lib/report.js';
import { ms, summarize } from './lib/stats.js';

export const VERIFICATIONS = 20;
/** Issue #15: a full IMAP + SMTP check with a test email on loopback, p50. */
const GOAL_P50_MS = 300;

/**
 * The IMAP provider's `verify` (what connectImap runs before it saves a connection): IMAP (TLS,
 * greeting, LOGIN, folders), SMTP (STARTTLS, AUTH) and a test email, against a loopback Dovecot and
 * SMTP server. The limit, measured alternately in the same run: the bare protocol work with the same
 * libraries (imapflow connect + LOGIN + LIST + LOGOUT, then nodemailer STARTTLS + AUTH + one message).
 */
export async function runVerification(): Promise<BenchResult> {
  const started = performance.now();
  const user = { user: 'jane@verify.test', password: 'jane-verify-Secret-1' };
  const [dovecot, smtp] = await Promise.all([
    startDovecot({ users: [user] }),
    startSmtpServer({ users: [user] }),
  ]);
  const module = createProviderRegistry().IMAP;
  const deps = {
    vet: loopbackVet(['localhost']),
    ca: [dovecot.ca, smtp.ca],
    approvedHosts: ['localhost'],
    testRecipient: 'crm-log@bcc.verify.test',
  };
  const input = {
    email: user.user,
    username: user.user,
    password: user.password,
    imap: { host: 'localhost', port: dovecot.imapsPort, security: 'SSL_TLS' as const },
    smtp: { host: 'localhost', port: smtp.submissionPort, security: 'STARTTLS' as const },
    smtpSameCredentials: true,
    smtpUsername: user.user,
    smtpPassword: user.password,
    trustAnyCertificate: false,
    inboxAutomation: false,
    allowLegacyTls: false,
  };
  const full: number[] = [];
  const bare: number[] = [];
  const steps = new Map<string, number[]>();
  try {
    // One of each first: TLS contexts, JIT, Dovecot's auth cache are warm for both paths alike.
    for (let i = -1; i < VERIFICATIONS; i++) {
      const starts = new Map<string, number>();
      const onStep = (r: StepReport) => {
        if (r.status === 'running') starts.set(r.step, performance.now());
        else if (r.status === 'passed' && i >= 0) {
          const list = steps.get(r.step) ?? [];
          list.push(performance.now() - (starts.get(r.step) ?? performance.now()));
          steps.set(r.step, list);
        }
      };
      const t0 = performance.now();
      const outcome = await module.verify(input, deps, onStep);
      const t1 = performance.now();
      if (!outcome.ok) throw new Error(`verify failed: ${outcome.error.code}`);

      const t2 = performance.now();
      const client = testMailboxClient(
        { imapsPort: dovecot.imapsPort, ca: dovecot.ca },
        { user: user.user, password: user.password },
      );
      await client.connect();
      await client.list();
      await client.logout();
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: smtp.submissionPort,
        secure: false,
        requireTLS: true,
        auth: { user: user.user, pass: user.password },
        tls: { ca: [smtp.ca], servername: 'localhost' },
      });
      await transport.sendMail({
        from: user.user,
        to: deps.testRecipient,
        subject: 'Bare test email',
        text: 'The limit.',
      });
      transport.close();
      const t3 = performance.now();
      if (i >= 0) {
        full.push(t1 - t0);
        bare.push(t3 - t2);
      }
    }
  } finally {
    await Promise.all([dovecot.stop(), smtp.stop()]);
  }
  const load = load1();
  const f = summarize(full);
  const b = summarize(bare);
  log(`verification: p50 ${ms(f.p50)} (bare ${ms(b.p50)})`);
  const row = (label: string, s: ReturnType<typeof summarize>) => [
    label,
    String(s.n),
    ms(s.p50),
    ms(s.p95),
    ms(s.max),
    `${(s.p50 / b.p50).toFixed(2)}x`,
    load,
  ];
  return {
    id: 'verification',
    title: 'Connection verification (IMAP + SMTP + test email)',
    method: [
      `A test Dovecot (\`startDovecot\`) and SMTP server (\`startSmtpServer\`, submission with STARTTLS) on loopback, both with certificates of the test CA. The IMAP provider's \`verify\` (what \`connectImap\` runs before saving a connection: the IMAP step with TLS, greeting, LOGIN and the folder list, the SMTP step with STARTTLS and AUTH, and a test email to the CRM logging address) runs ${VERIFICATIONS} times after one warm-up; per-step times come from its step reports.`,
      `The limit, measured alternately with it in the same run: the same protocol work with the same libraries and nothing else (imapflow connect + LOGIN + LIST + LOGOUT, then nodemailer STARTTLS + AUTH + one message). "vs the limit" is each p50 over the bare p50.`,
    ],
    tables: [
      {
        headers: ['measure', 'n', 'p50', 'p95', 'max', 'vs the limit', 'load (1 min)'],
        rows: [
          row('verify (IMAP + SMTP + test email)', f),
          ...[...steps.entries()].map(([step, values]) =>
            row(`of which step ${step}`, summarize(values)),
          ),
          row('bare imapflow + nodemailer (the limit)', b),
        ],
      },
    ],
    notes: [],
    headline: [
      [
        `IMAP + SMTP verification with a test email, loopback, N=${f.n} (p50 / p95)`,
        `${ms(f.p50)} / ${ms(f.p95)} (${(f.p50 / b.p50).toFixed(2)}x the bare protocol work's ${ms(b.p50)})`,
        `p50 <= ${GOAL_P50_MS} ms`,
        atMost(f.p50, GOAL_P50_MS, (v) => ms(v)),
      ],
    ],
    seconds: (performance.now() - started) / 1000,
  };
}
