import type { OutgoingMessage, RefusedRecipient } from '@inlet/providers';
import type { OutboxRecipient } from '../../__generated__/resolvers-types.js';
import type { OutboxRow } from '../../db/tables/outbox.table.js';

/** Every recipient of an outbox email with what the server said for them: accepted, refused (with its reply), or not sent yet. */
export function outboxRecipients(row: OutboxRow): OutboxRecipient[] {
  const message = JSON.parse(row.message_json) as OutgoingMessage;
  const refused = new Map(
    (row.refused_json ? (JSON.parse(row.refused_json) as RefusedRecipient[]) : []).map((r) => [
      r.address.toLowerCase(),
      r,
    ]),
  );
  return [...message.to, ...(message.cc ?? []), ...(message.bcc ?? [])].map(({ address }) => {
    if (row.status !== 'SENT') return { address, status: 'NOT_SENT', replyCode: null, reply: null };
    const refusal = refused.get(address.toLowerCase());
    return refusal
      ? { address, status: 'REFUSED', replyCode: refusal.code, reply: refusal.reply }
      : { address, status: 'ACCEPTED', replyCode: null, reply: null };
  });
}
