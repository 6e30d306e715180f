/**
 * What an SMTP reply means, read from its codes only: the RFC 3463 enhanced status code
 * (`5.1.1`) when the server sends one, else the basic reply code (`550`). The text after them is
 * for people and differs between servers and languages, so nothing is decided from it.
 */
export type ReplyClass = 'success' | 'temporary' | 'permanent';

const ENHANCED = /^\d{3}[ -]([245])\.(\d{1,3})\.(\d{1,3})\b/;

/** The enhanced status code at the start of a reply (`550 5.1.1 ...` -> `5.1.1`), if any. */
export function enhancedStatus(reply: string): string | undefined {
  const m = ENHANCED.exec(reply.trimStart());
  return m ? `${m[1]}.${m[2]}.${m[3]}` : undefined;
}

/** Success, temporary (retry later) or permanent: the enhanced code's class where present, else the reply code's first digit. */
export function replyClass(
  reply: string | undefined,
  code: number | undefined,
): ReplyClass | undefined {
  const first =
    (reply !== undefined ? enhancedStatus(reply)?.[0] : undefined) ??
    (code !== undefined ? String(code)[0] : undefined);
  if (first === '2') return 'success';
  if (first === '4') return 'temporary';
  if (first === '5') return 'permanent';
  return undefined;
}
