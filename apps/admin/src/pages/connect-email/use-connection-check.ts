import { useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { graphql } from '@/gql';
import type { ProviderKind } from '@/gql/graphql';
import { newCheckId } from '@/lib/check-id';
import { useConsoleSession } from '@/lib/use-console-session';
import { applyStepEvent, startCheck, type ConnectionCheck } from './connection-check-model';
import { useProviderSteps } from './use-provider-steps';

const UseConnectionCheck_Subscription = graphql(`
  subscription UseConnectionCheck_Subscription($checkId: ID!) {
    connectionCheck(checkId: $checkId) {
      checkId
      step
      status
      detail
      error {
        message
        detail
      }
    }
  }
`);

/** How long to wait for the WebSocket before starting the check anyway (the mutation's answer is what counts). */
const SUBSCRIPTION_WAIT_MS = 3000;
/** Late step events may still fill in details after the answer. */
const LATE_EVENTS_MS = 2000;

/**
 * A connection check of a `kind` and its live steps. `run` subscribes first, waits for the socket, then
 * starts the check, so the progress has somewhere to go; the mutation's answer then finishes it.
 */
export function useConnectionCheck(kind: ProviderKind) {
  const { steps } = useProviderSteps(kind);
  const [check, setCheck] = useState<ConnectionCheck | null>(null);
  const client = useClient();
  const { subscriptionsConnected } = useConsoleSession();
  const subscription = useRef<{ unsubscribe(): void } | null>(null);
  // A second submit before the first has re-rendered the button as busy must not start a second check.
  const inFlight = useRef(false);

  useEffect(() => () => subscription.current?.unsubscribe(), []);

  return {
    check,
    running: check?.outcome === 'running',
    inFlight: () => inFlight.current,
    /** Starts a check: `start` sends the mutation with the check's id; resolves with its result. */
    async run<R>(start: (checkId: string) => Promise<R>): Promise<R> {
      inFlight.current = true;
      try {
        const checkId = newCheckId();
        // Loaded by now in practice (the connect page preloads them); if not, the answer still finishes the check.
        setCheck(startCheck(checkId, steps ?? []));
        const live = client
          .subscription(UseConnectionCheck_Subscription, { checkId })
          .subscribe((result) => {
            const step = result.data?.connectionCheck;
            if (step) setCheck((current) => (current ? applyStepEvent(current, step) : current));
          });
        // Only now let the previous check's subscription go: were it the last one, the lazy socket would close and reopen.
        subscription.current?.unsubscribe();
        subscription.current = live;
        await subscriptionsConnected(SUBSCRIPTION_WAIT_MS);
        const result = await start(checkId);
        setTimeout(() => live.unsubscribe(), LATE_EVENTS_MS);
        return result;
      } finally {
        inFlight.current = false;
      }
    },
    /** Applies the mutation's answer (finishConnected, finishFailed, ...) to the running check. */
    finish(outcome: (current: ConnectionCheck) => ConnectionCheck) {
      setCheck((current) => current && outcome(current));
    },
    /** The request was refused before any step ran: no check to show. */
    clear() {
      setCheck(null);
    },
  };
}
