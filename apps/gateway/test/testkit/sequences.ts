import type { GatewayClient } from './client.js';
import { Enroll } from './documents.js';

/** Enrolls one contact by address, starting at `startAt`; the enrollment, or throws with what the gateway said. */
export async function enrollOne(
  gw: Pick<GatewayClient, 'execute'>,
  cookie: string,
  sequenceId: string,
  email: string,
  startAt: Date,
) {
  const res = await gw.execute(
    Enroll,
    { input: { sequenceId, emails: [email], startAt: startAt.toISOString() } },
    { cookie },
  );
  if (res.data?.enrollContacts.__typename !== 'EnrollmentBatch')
    throw new Error(JSON.stringify(res));
  const [enrolled] = res.data.enrollContacts.enrolled;
  if (!enrolled) throw new Error(JSON.stringify(res.data.enrollContacts.refused));
  return enrolled;
}
