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
      <p className="error-note__since">
        Since <time dateTime={error.firstSeenAt}>{formatDateTime(error.firstSeenAt)}</time>
        {error.count > 1 ? `, ${error.count} times in a row` : ''}.
      </p>
    </div>
  );
}
