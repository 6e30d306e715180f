import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StepReport } from '../core/steps.js';
import { loopbackImapInput } from '../testing/loopback-imap-input.js';
import { loopbackVet } from '../testing/loopback-vet.js';
import { startAll, stopAll, type Stoppable } from '../testing/start-all.js';
import { startDovecot } from '../testing/start-dovecot.js';
import { startSmtpServer } from '../testing/start-smtp-server.js';
import { imapProvider } from './imap-provider.js';

const jane = { user: 'jane@example.test', password: 'jane-verify-Secret-1' };
const started: Stoppable[] = [];
let servers: {
  dovecot: Awaited<ReturnType<typeof startDovecot>>;
  smtp: Awaited<ReturnType<typeof startSmtpServer>>;
};

beforeAll(async () => {
  servers = await startAll(
    { dovecot: startDovecot({ users: [jane] }), smtp: startSmtpServer({ users: [jane] }) },
    started,
  );
}, 60_000);

afterAll(() => stopAll(started), 30_000);

it('sends the test email over the SMTP check’s signed-in connection: one SMTP connection', async () => {
  const { dovecot, smtp } = servers;
  const reports: StepReport[] = [];
  const outcome = await imapProvider().verify(
    loopbackImapInput(servers, jane),
    {
      vet: loopbackVet(['localhost']),
      ca: [dovecot.ca, smtp.ca],
      approvedHosts: ['localhost'],
      testRecipient: 'crm-log@bcc.verify.test',
    },
    (r) => reports.push(r),
  );
  expect(outcome.ok).toBe(true);
  expect(reports.slice(-4).map((r) => `${r.step}:${r.status}`)).toEqual([
    'smtp:running',
    'smtp:passed',
    'test-email:running',
    'test-email:passed',
  ]);
  expect(smtp.connections).toBe(1);
  expect(smtp.messages).toHaveLength(1);
  expect(smtp.messages[0]).toMatchObject({
    user: jane.user,
    secure: true,
    envelope: { from: jane.user, to: ['crm-log@bcc.verify.test'] },
  });
}, 60_000);
