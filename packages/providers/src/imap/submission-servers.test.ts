import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeMessage } from '../core/compose-message.js';
import type { VetHost } from '../core/steps.js';
import {
  startSubmissionServer,
  submissionServerKinds,
  type SubmissionServer,
} from '../testing/submission-server.js';
import { sendMessage } from './send-message.js';
import { sendTestEmail, TEST_EMAIL_SUBJECT } from './send-test-email.js';
import { verifySmtpAccount } from './verify-smtp-account.js';

const vetLoopback: VetHost = async (host) => ({ host, address: '127.0.0.1', family: 4 });
const jane = { user: 'jane@example.test', password: 'jane-smtp-password' };

describe.each(submissionServerKinds)('SMTP submission to %s', (name) => {
  let server: SubmissionServer;
  beforeAll(async () => {
    server = await startSubmissionServer(name, [jane]);
  }, 60_000);
  afterAll(() => server?.stop());

  const account = (password = jane.password) => ({
    host: 'localhost',
    port: server.port,
    security: 'STARTTLS' as const,
    username: jane.user,
    password,
  });
  const deps = () => ({ vet: vetLoopback, ca: server.ca });
  const arrived = async (subject: string) => {
    for (let i = 0; i < 100; i++) {
      const found = server.received().find((m) => m.subject === subject);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${subject} did not arrive`);
  };

  it('verifies the account over STARTTLS and refuses a wrong password', async () => {
    expect((await verifySmtpAccount(account(), deps())).ok).toBe(true);
    const wrong = await verifySmtpAccount(account('wrong'), deps());
    expect(wrong.ok || wrong.error.code).toBe('SMTP_AUTHENTICATION_FAILED');
  });

  it('sends the test email, which arrives', async () => {
    const sent = await sendTestEmail({ ...account(), from: jane.user, to: 'log@crm.test' }, deps());
    expect(sent.ok).toBe(true);
    expect(await arrived(TEST_EMAIL_SUBJECT)).toMatchObject({
      from: jane.user,
      to: ['log@crm.test'],
    });
  });

  it('sends an email to two recipients, delivered to both', async () => {
    const subject = `Quote ${name}`;
    const composed = await composeMessage({
      from: { address: jane.user },
      to: [{ address: 'bob@customer.test' }, { address: 'amy@customer.test' }],
      subject,
      text: 'Hello',
    });
    const result = await sendMessage(account(), composed, deps());
    expect(result.refused).toEqual([]);
    const message = await arrived(subject);
    expect([...message.to].sort()).toEqual(['amy@customer.test', 'bob@customer.test']);
  });
});
