import { getFragmentData, graphql, type FragmentType } from '@/gql';
import { formatDateTime } from '@/lib/format-date';

export const ConnectionErrorNote_ErrorFragment = graphql(`
  fragment ConnectionErrorNote_ErrorFragment on ConnectionError {
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
}

/** A connection's current problem: what happened, what to do, and since when. */
export function ConnectionErrorNote({ error: errorRef, withMessage = true }: ConnectionErrorNoteProps) {
  const error = getFragmentData(ConnectionErrorNote_ErrorFragment, errorRef);
  return (
    <div className="error-note">
      {withMessage && <p className="error-note__message">{error.message}</p>}
      <p className="error-note__hint">{error.hint}</p>
      <p className="error-note__since">
        Since <time dateTime={error.firstSeenAt}>{formatDateTime(error.firstSeenAt)}</time>
        {error.count > 1 ? `, ${error.count} times in a row` : ''}.
      </p>
    </div>
  );
}
