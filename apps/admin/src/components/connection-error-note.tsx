import { getFragmentData, graphql, type FragmentType } from '@/gql';
import { formatDateTime } from '@/lib/format-date';
import { retryNote, type RetryFacts } from '@/lib/retry-note';

export const ConnectionErrorNote_ErrorFragment = graphql(`
  fragment ConnectionErrorNote_ErrorFragment on ConnectionError {
    code
    message
    hint
    firstSeenAt
    count
    certificateChange {
      trustedFingerprint
      presentedFingerprint
    }
  }
`);

export interface ConnectionErrorNoteProps {
  error: FragmentType<typeof ConnectionErrorNote_ErrorFragment>;
  /** Show the message itself (off where a heading already shows it). */
  withMessage?: boolean;
  /** The connection's retry facts: a RETRYING connection tells its next try. */
  retry?: RetryFacts | undefined;
}

/** A connection's current problem: what happened, what to do, and since when. */
export function ConnectionErrorNote({
  error: errorRef,
  withMessage = true,
  retry,
}: ConnectionErrorNoteProps) {
  const error = getFragmentData(ConnectionErrorNote_ErrorFragment, errorRef);
  const next = retryNote(error.code, retry);
  return (
    <div className="error-note">
      {withMessage && <p className="error-note__message">{error.message}</p>}
      {!next?.replacesHint && <p className="error-note__hint">{error.hint}</p>}
      {next && <p className="error-note__retry">{next.text}</p>}
      {error.certificateChange && <CertificateChangeFacts change={error.certificateChange} />}
      <p className="error-note__since">
        Since <time dateTime={error.firstSeenAt}>{formatDateTime(error.firstSeenAt)}</time>
        {error.count > 1 ? `, ${error.count} times in a row` : ''}.
      </p>
    </div>
  );
}

/** Both fingerprints of a changed pinned certificate, found at the TLS step, to compare with what IT says. */
function CertificateChangeFacts({
  change,
}: {
  change: { trustedFingerprint: string; presentedFingerprint: string | null };
}) {
  return (
    <dl className="certificate-change">
      <div>
        <dt>Step</dt>
        <dd>Encryption and certificate (TLS)</dd>
      </div>
      <div>
        <dt>Trusted when connected</dt>
        <dd>
          <code>{change.trustedFingerprint}</code>
        </dd>
      </div>
      <div>
        <dt>Presented now</dt>
        <dd>
          {change.presentedFingerprint ? (
            <code>{change.presentedFingerprint}</code>
          ) : (
            'Refused before Inlet could read it: Check now shows it.'
          )}
        </dd>
      </div>
    </dl>
  );
}
