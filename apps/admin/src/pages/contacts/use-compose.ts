import { useState } from 'react';
import type { OutboxStatus } from '@/gql/graphql';
import { newCheckId } from '@/lib/check-id';
import { newDraft, type ComposeDraft, type NewDraftOptions } from './compose-form-model';

/** An email the gateway accepted into the outbox from this page; its status is followed live. */
export interface SentEmail {
  /** OutboxEmail.id */
  id: string;
  subject: string;
  recipients: string[];
  /** The status sendEmail answered with (a retried key can answer SENT straight away). */
  status: OutboxStatus;
  /** What was sent, to write it again after a failure (with a new idempotency key). */
  draft: ComposeDraft;
}

export interface Compose {
  /** The email being written, kept while the panel is closed until it is sent or discarded. */
  draft: ComposeDraft | null;
  open: boolean;
  sent: SentEmail[];
  /** Opens the panel: the current draft when it was opened the same way, else a new one. */
  start(options: NewDraftOptions): void;
  update(draft: ComposeDraft): void;
  /** Closes the panel and keeps the draft (and its idempotency key). */
  close(): void;
  discard(): void;
  queued(email: SentEmail): void;
  /** A failed email as a new draft (a new idempotency key: the old one answers with the failed email). */
  writeAgain(email: SentEmail): void;
  dismiss(id: string): void;
}

/** Compose state for a page: the draft, whether the panel is open, and the emails sent from the page. */
export function useCompose(): Compose {
  const [draft, setDraft] = useState<ComposeDraft | null>(null);
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState<SentEmail[]>([]);
  return {
    draft,
    open,
    sent,
    start(options) {
      // crypto.randomUUID (with a fallback outside secure contexts): one key per composed email.
      setDraft((current) =>
        current && current.target === options.target ? current : newDraft(options, newCheckId()),
      );
      setOpen(true);
    },
    update: setDraft,
    close: () => setOpen(false),
    discard() {
      setDraft(null);
      setOpen(false);
    },
    queued(email) {
      setSent((list) => [email, ...list.filter((e) => e.id !== email.id)]);
      setDraft(null);
      setOpen(false);
    },
    writeAgain(email) {
      setDraft({ ...email.draft, idempotencyKey: newCheckId(), target: `again:${email.id}` });
      setOpen(true);
    },
    dismiss: (id) => setSent((list) => list.filter((e) => e.id !== id)),
  };
}
