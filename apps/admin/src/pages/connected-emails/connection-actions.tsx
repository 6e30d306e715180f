import { Alert, Button, TextField } from '@inlet/ui';
import { useId, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { CheckNowResult, type CheckNowResult_CheckFragment } from '@/components/check-now-result';
import { useCheckConnectionNow } from '@/components/use-check-connection-now';
import { graphql, type FragmentType } from '@/gql';
import { formatDate, localDateString, parseLocalDate } from '@/lib/format-date';
import { describeError } from '@/lib/urql';
import { useConfirmationFocus } from '@/lib/use-confirmation-focus';
import { DEFAULT_RESYNC_DAYS, resyncDateProblem } from './resync-date';

const ConnectionActions_ResyncMutation = graphql(`
  mutation ConnectionActions_ResyncMutation($id: ID!, $from: DateTime!) {
    resyncConnection(id: $id, from: $from) {
      ... on Connection {
        id
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export interface ConnectionActionsProps {
  id: string;
  email: string;
  /** The connection's last "Check now" (running, or what it found). */
  lastCheck:
    ({ state: string } & FragmentType<typeof CheckNowResult_CheckFragment>) | null | undefined;
}

type Outcome = { ok: boolean; message: string };

/** "Check now" and "Resync from date" (confirmed first), with their results in a status line. */
export function ConnectionActions({ id, email, lastCheck }: ConnectionActionsProps) {
  const formId = useId();
  const today = localDateString(new Date());
  const [from, setFrom] = useState(() =>
    localDateString(new Date(Date.now() - DEFAULT_RESYNC_DAYS * 24 * 3600 * 1000)),
  );
  const [dateProblem, setDateProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [checkProblem, setCheckProblem] = useState<string | null>(null);
  const [checking, checkNow] = useCheckConnectionNow();
  const [{ fetching: resyncing }, resync] = useMutation(ConnectionActions_ResyncMutation);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const resyncRef = useRef<HTMLButtonElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);
  useConfirmationFocus(confirming, cancelRef, resyncRef);

  const onCheckNow = async () => {
    setCheckProblem(null);
    const answer = await checkNow(id, email);
    setCheckProblem(answer.ok ? null : answer.message);
  };

  const onAskResync = () => {
    setOutcome(null);
    const problem = resyncDateProblem(from, today);
    setDateProblem(problem);
    if (problem) {
      dateRef.current?.focus();
      return;
    }
    setConfirming(true);
  };

  const onResync = async () => {
    const date = parseLocalDate(from);
    if (!date || resyncing) return;
    const result = await resync({ id, from: date.toISOString() });
    const answer = result.data?.resyncConnection;
    if (answer?.__typename === 'Connection') {
      setOutcome({
        ok: true,
        message: `Resync started: Inlet re-reads ${email} from ${formatDate(from)} on.`,
      });
    } else if (answer?.__typename === 'NotFound') {
      setOutcome({ ok: false, message: `${email} is not connected any more.` });
    } else {
      setOutcome({
        ok: false,
        message: result.error
          ? describeError(result.error)
          : 'The resync could not be started. Try again.',
      });
    }
    setConfirming(false);
  };

  return (
    <section className="health-actions" aria-labelledby={`${formId}-title`}>
      <h3 id={`${formId}-title`} className="health-panel__heading">
        Actions
      </h3>
      <div className="health-actions__row">
        <Button
          size="sm"
          variant="primary"
          busy={checking || lastCheck?.state === 'RUNNING'}
          onClick={() => void onCheckNow()}
        >
          Check now
        </Button>
        <p className="health-actions__note">
          Sync now instead of waiting; a connection waiting to retry retries at once.
        </p>
      </div>
      <CheckNowResult check={lastCheck} problem={checkProblem} className="health-actions__check" />

      <div className="health-actions__resync">
        <TextField
          ref={dateRef}
          type="date"
          label="Resync from"
          hint="Inlet forgets what it synced and re-reads messages from this date on. Replies already logged are not logged twice."
          max={today}
          value={from}
          onChange={(event) => {
            setFrom(event.target.value);
            setDateProblem(null);
            setConfirming(false);
          }}
          error={dateProblem}
          required
        />
        {!confirming && (
          <Button ref={resyncRef} size="sm" onClick={onAskResync}>
            Resync from date…
          </Button>
        )}
      </div>

      {confirming && (
        <Alert
          tone="warning"
          title={`Resync ${email} from ${formatDate(from)}?`}
          actions={
            <>
              <Button size="sm" variant="primary" busy={resyncing} onClick={() => void onResync()}>
                Resync
              </Button>
              <Button ref={cancelRef} size="sm" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </>
          }
        >
          <p>
            Messages from that date on are read again; the sync state of every folder starts over.
            This can take a while for a large inbox.
          </p>
        </Alert>
      )}

      <div role="status" className="status-region health-actions__result">
        {outcome && (
          <span className={outcome.ok ? 'status-message' : 'status-message status-message--danger'}>
            {outcome.message}
          </span>
        )}
      </div>
    </section>
  );
}
