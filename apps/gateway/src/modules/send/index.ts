import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { readStoredError } from '../../stored-error.js';
import { ContactTimeline } from './resolvers/ContactTimeline.js';
import { sendEmail } from './resolvers/Mutation/sendEmail.js';
import { contact } from './resolvers/Query/contact.js';
import { contacts } from './resolvers/Query/contacts.js';
import { fromAddresses } from './resolvers/Query/fromAddresses.js';
import { outbox } from './resolvers/Query/outbox.js';
import { outboxRecipients } from './outbox-recipients.js';

export const sendResolvers: Resolvers = {
  Query: { contacts, contact, fromAddresses, outbox },
  Mutation: { sendEmail },
  Contact: ContactTimeline,
  OutboxEmail: {
    messageId: (row) => row.message_id,
    subject: (row) => (JSON.parse(row.message_json) as { subject: string }).subject,
    error: (row) => readStoredError(row.last_error_json),
    recipients: outboxRecipients,
    createdAt: (row) => row.created_at,
    sentAt: (row) => row.sent_at,
  },
};
