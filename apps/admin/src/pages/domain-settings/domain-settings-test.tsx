import { Alert, Button, ProgressSteps } from '@inlet/ui';
import { useState } from 'react';
import { useMutation } from 'urql';
import { getFragmentData, graphql } from '@/gql';
import type { DomainServerRole, DomainSettingsInput, StepStatus } from '@/gql/graphql';
import { describeError } from '@/lib/urql';
import { stepLabels, stepStateText } from '../connect-email/connect-email-labels';

/** A ValidationFailed of a test or a save: each field's problem, with a corrected value where there is one. */
export const DomainSettings_ValidationFailedFragment = graphql(`
  fragment DomainSettings_ValidationFailedFragment on ValidationFailed {
    message
    fields {
      field
      message
      suggestion
    }
  }
`);

const DomainSettingsTest_Mutation = graphql(`
  mutation DomainSettingsTest_Mutation($input: DomainSettingsInput!) {
    testDomainSettings(input: $input) {
      __typename
      ... on DomainSettingsTest {
        ok
        steps {
          server
          step
          status
          detail
          error {
            code
            message
            hint
            detail
          }
        }
      }
      ...DomainSettings_ValidationFailedFragment
    }
  }
`);

const serverLabels: Record<DomainServerRole, string> = {
  IMAP: 'Incoming (IMAP)',
  SMTP: 'Outgoing (SMTP)',
  EXCHANGE: 'Exchange',
};

const statusOf: Record<StepStatus, 'running' | 'passed' | 'failed' | 'skipped'> = {
  RUNNING: 'running',
  PASSED: 'passed',
  FAILED: 'failed',
  SKIPPED: 'skipped',
};

type Outcome =
  | { kind: 'tested'; ok: boolean; steps: TestedStep[] }
  | { kind: 'invalid'; fields: { field: string; message: string; suggestion?: string | null }[] }
  | { kind: 'error'; message: string };

interface TestedStep {
  server: DomainServerRole;
  step: keyof typeof stepLabels;
  status: StepStatus;
  detail?: string | null;
  error?: { message: string; hint: string; detail?: string | null } | null;
}

export interface DomainSettingsTestProps {
  /** The form's input, or undefined when the form cannot build one yet (its own errors are shown). */
  input(): DomainSettingsInput | undefined;
  /** Field problems go next to the form's inputs, as on save. */
  onInvalid(fields: { field: string; message: string; suggestion?: string | null }[]): void;
}

/**
 * "Test these settings": the steps of a user's connection check that need no account, run against the
 * servers in the form (nothing is saved), shown as the same checklist with the same messages and hints.
 */
export function DomainSettingsTest({ input, onInvalid }: DomainSettingsTestProps) {
  const [{ fetching }, test] = useMutation(DomainSettingsTest_Mutation);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async () => {
    const current = input();
    if (!current) return;
    setOutcome(null);
    const result = await test({ input: current });
    const payload = result.data?.testDomainSettings;
    if (!payload) {
      setOutcome({
        kind: 'error',
        message: result.error ? describeError(result.error) : 'Try again.',
      });
      return;
    }
    if (payload.__typename === 'ValidationFailed') {
      const { fields } = getFragmentData(DomainSettings_ValidationFailedFragment, payload);
      onInvalid(fields);
      setOutcome({ kind: 'invalid', fields });
      return;
    }
    setOutcome({ kind: 'tested', ok: payload.ok, steps: payload.steps });
  };

  const failed = outcome?.kind === 'tested' ? outcome.steps.find((s) => s.error) : undefined;
  return (
    <section className="form-section" aria-label="Test these settings">
      <Button busy={fetching} onClick={() => void run()}>
        Test these settings
      </Button>
      <p className="field-problem__hint">
        Connects to each server, sets up encryption and reads its greeting, as a user&apos;s check
        does. No password is used and nothing is saved.
      </p>
      {outcome?.kind === 'tested' && (
        <>
          <p role="status">
            {outcome.ok
              ? 'Every step passed.'
              : 'The test stopped at a step that failed: see below.'}
          </p>
          <ProgressSteps
            label="Settings test"
            statusText={stepStateText}
            steps={outcome.steps.map((s) => ({
              id: `${s.server}-${s.step}`,
              label: `${serverLabels[s.server]}: ${stepLabels[s.step]}`,
              status: statusOf[s.status],
              detail: s.error ? s.error.message : s.detail,
            }))}
          />
          {failed?.error && (
            <Alert tone="danger" title={failed.error.message}>
              <p>{failed.error.hint}</p>
              {failed.error.detail && (
                <details>
                  <summary>Technical details</summary>
                  <p>{failed.error.detail}</p>
                </details>
              )}
            </Alert>
          )}
        </>
      )}
      {outcome?.kind === 'invalid' && (
        <p role="status">Correct the highlighted fields, then test again.</p>
      )}
      {outcome?.kind === 'error' && (
        <Alert tone="danger" title="The test did not run">
          <p>{outcome.message}</p>
        </Alert>
      )}
    </section>
  );
}
