/**
 * Automatic mail recognised from a message's headers (never its text), the same way for every
 * provider: IMAP fetches the header fields, EWS returns the InternetMessageHeaders.
 */

/** One header as a parser gives it: the lower-case name and the whole (unfolded) line. */
export interface HeaderLine {
  key: string;
  line: string;
}

/** By headers only, never by the text: Auto-Submitted other than "no", X-Autoreply/X-Autorespond, Precedence auto_reply. */
export function isAutoReply(headerLines: readonly HeaderLine[]): boolean {
  const value = (key: string) =>
    headerLines
      .filter((h) => h.key === key)
      .map((h) =>
        h.line
          .slice(h.line.indexOf(':') + 1)
          .trim()
          .toLowerCase(),
      );
  if (value('auto-submitted').some((v) => v !== '' && !v.startsWith('no'))) return true;
  if (value('x-autoreply').length > 0 || value('x-autorespond').length > 0) return true;
  return value('precedence').some((v) => v === 'auto_reply');
}

/** A delivery-status notification (RFC 3464): Content-Type multipart/report; report-type=delivery-status. */
export function isDeliveryReport(headerLines: readonly HeaderLine[]): boolean {
  const contentType = headerLines.find((h) => h.key === 'content-type')?.line.toLowerCase() ?? '';
  return contentType.includes('multipart/report') && contentType.includes('delivery-status');
}

/**
 * The recipients a delivery-status notification reports as failed (RFC 3464: Final-Recipient with
 * Action: failed), read from the (first bytes of the) body; [] for any other message.
 */
export function failedRecipients(headerLines: readonly HeaderLine[], body: Buffer): string[] {
  if (!isDeliveryReport(headerLines)) return [];
  const text = body.toString('latin1');
  const failed: string[] = [];
  // Each per-recipient block: Final-Recipient ... Action: failed.
  for (const block of text.split(/\r?\n\r?\n/)) {
    const recipient = /^final-recipient:\s*[^;]*;\s*<?([^\s<>]+@[^\s<>]+)>?/im.exec(block)?.[1];
    if (recipient && /^action:\s*failed/im.test(block)) failed.push(recipient.toLowerCase());
  }
  return [...new Set(failed)];
}
