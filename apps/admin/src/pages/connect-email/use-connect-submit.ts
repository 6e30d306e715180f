import { useState } from 'react';
import type { CombinedError } from 'urql';
import { unplacedProblem, type Problem } from '@/components/problem-alert';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import type { ProviderKind } from '@/gql/graphql';
import { placeValidationErrors } from '@/lib/place-validation-errors';
import {
  connectionGoneProblem,
  failedCheckProblem,
  refusedProblem,
  unfinishedCheckProblem,
} from './connect-problems';
import { finishConnected, finishFailed, finishInterrupted } from './connection-check-model';
import type { FieldProblem } from './imap-connect-form-model';
import { useConnectionCheck } from './use-connection-check';

/**
 * Every answer of a connect, reconnect or sign-in start that is not a success: spread into each form's
 * result fragment, read here and by the OAuth button.
 */
export const ConnectOutcome_ProblemFragment = graphql(`
  fragment ConnectOutcome_ProblemFragment on Error {
    message
    code
    ... on ConnectionFailed {
      hint
      step
      field
      detail
      suggestion
    }
    ... on ConnectRefused {
      hint
      provider
    }
    ... on ValidationFailed {
      fields {
        field
        message
      }
    }
  }
`);

export type ConnectProblemRef = FragmentType<typeof ConnectOutcome_ProblemFragment>;

/** A connect answer: the saved connection (`Connected`), or a problem. */
export type ConnectOutcome<Connected> =
  (Connected & { __typename: 'Connection' }) | ConnectProblemRef;

/** A corrected value the gateway offered for a field (an OWA address -> the EWS URL, a host -> the name its certificate is for). */
export interface Suggestion<F extends string> {
  field: F;
  value: string;
}

export interface ConnectSubmitOptions<F extends string, Connected> {
  kind: ProviderKind;
  /** The form field a gateway field name (`input.imapHost`, `password`) stands for, if the form shows it. */
  fieldOf(field: string | null | undefined): F | undefined;
  /** The value a field holds now (a suggestion equal to it is no suggestion). */
  valueOf(field: F): string;
  /** Shows these problems at their fields (opening whatever section holds them). */
  showErrors(errors: Partial<Record<F, FieldProblem>>): void;
  onConnected(connected: Connected): void;
}

/**
 * The submit and answer handling every connect form shares: one live check at a time, the check's
 * steps finished by the answer, a failure at its field (with any suggested value) or above the form,
 * refusals and validation errors where they belong.
 */
export function useConnectSubmit<F extends string, Connected>(
  options: ConnectSubmitOptions<F, Connected>,
) {
  const liveCheck = useConnectionCheck(options.kind);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [suggestion, setSuggestion] = useState<Suggestion<F> | null>(null);

  const answer = (outcome: ConnectOutcome<Connected>, email: string) => {
    if ('__typename' in outcome && outcome.__typename === 'Connection') {
      liveCheck.finish(finishConnected);
      options.onConnected(outcome);
      return;
    }
    const failure = getFragmentData(ConnectOutcome_ProblemFragment, outcome as ConnectProblemRef);
    switch (failure.__typename) {
      case 'ConnectionFailed': {
        liveCheck.finish((current) => finishFailed(current, failure));
        const field = options.fieldOf(failure.field);
        if (!field) {
          setProblem(failedCheckProblem(failure));
          return;
        }
        if (failure.suggestion && failure.suggestion !== options.valueOf(field).trim())
          setSuggestion({ field, value: failure.suggestion });
        options.showErrors({ [field]: { message: failure.message, hint: failure.hint } } as Partial<
          Record<F, FieldProblem>
        >);
        return;
      }
      case 'ConnectRefused':
        liveCheck.clear();
        setProblem(refusedProblem(failure, email));
        return;
      case 'ValidationFailed': {
        liveCheck.clear();
        const placed = placeValidationErrors(failure.fields, options.fieldOf, (message) => ({
          message,
        }));
        options.showErrors(placed.errors);
        setProblem(unplacedProblem(failure.message, placed.unplaced));
        return;
      }
      default:
        liveCheck.clear();
        setProblem(connectionGoneProblem());
    }
  };

  return {
    liveCheck,
    problem,
    setProblem,
    suggestion,
    /** The user edited `field`: a suggestion for it no longer applies. */
    dropSuggestion(field: F) {
      setSuggestion((current) => (current?.field === field ? null : current));
    },
    /**
     * Runs the check: `send` sends the mutation with the check's id and picks its answer. `email` is the
     * address a refusal's sign-in button starts with.
     */
    async submit(
      send: (checkId: string) => Promise<{
        outcome: ConnectOutcome<Connected> | null | undefined;
        error?: CombinedError | undefined;
      }>,
      email: string,
    ): Promise<void> {
      if (liveCheck.inFlight()) return;
      setProblem(null);
      setSuggestion(null);
      const { outcome, error } = await liveCheck.run(send);
      if (!outcome) {
        liveCheck.finish(finishInterrupted);
        setProblem(unfinishedCheckProblem(error));
        return;
      }
      answer(outcome, email);
    },
  };
}
