import { Alert, Button, buttonClassName, Disclosure, TextField, VisuallyHidden } from '@inlet/ui';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from '@/components/link';
import { LoadErrorAlert } from '@/components/load-error-alert';
import { MyEmailLink } from '@/components/my-email-link';
import { ProblemAlert, type Problem } from '@/components/problem-alert';
import type { ProviderKind } from '@/gql/graphql';
import { useLeaveGuard } from '@/lib/leave-guard';
import { paths } from '@/lib/routes';
import { ConnectionCheckList } from './connection-check-list';
import type { ConnectionCheck } from './connection-check-model';
import { useProviderSteps } from './use-provider-steps';

// The frame the IMAP and the Exchange connect forms share: the form (or its result) beside the live check.

/** What leaving a connect step with something typed asks (links, back, forward; the browser asks its own). */
export const discardTypedQuestion =
  'Leave this page? The email address and password you typed are not saved.';

/** While the user typed something not saved yet, leaving the page asks first. */
export function useConnectLeaveGuard(dirty: boolean): void {
  useLeaveGuard(dirty, discardTypedQuestion);
}

/** True when some field of `values` differs from `start` (what the form opened with). */
export function changedFrom<T extends object>(values: T, start: T): boolean {
  return (Object.keys(values) as (keyof T)[]).some((key) => values[key] !== start[key]);
}

export interface ConnectLayoutProps {
  /** The kind being connected: the checklist shows its steps (Query.providers). */
  kind: ProviderKind;
  check: ConnectionCheck | null;
  children: ReactNode;
}

/** The form beside the checklist of its kind's steps. */
export function ConnectLayout({ kind, check, children }: ConnectLayoutProps) {
  const headingId = useId();
  const { steps, error, reexecute } = useProviderSteps(kind);
  return (
    <div className="connect-layout">
      <div className="connect-layout__main">{children}</div>
      <aside className="card connect-check" aria-labelledby={headingId}>
        <h2 id={headingId} className="connect-check__title">
          Connection check
        </h2>
        {check || steps ? (
          <ConnectionCheckList check={check} steps={steps ?? []} />
        ) : error ? (
          <LoadErrorAlert
            title="The steps of the check could not be loaded"
            error={error}
            reexecute={reexecute}
          />
        ) : (
          <p className="connect-check__summary">Loading the steps of the check…</p>
        )}
      </aside>
    </div>
  );
}

export interface ConnectFormProps {
  title: string;
  /** Where the settings come from (or what to enter), above the fields. */
  note: { title: string; body: ReactNode };
  problem: Problem | null;
  onSubmit(event: FormEvent<HTMLFormElement>): void;
  children: ReactNode;
}

export function ConnectForm({ title, note, problem, onSubmit, children }: ConnectFormProps) {
  const headingId = useId();
  return (
    <form
      className="settings-form connect-form"
      aria-labelledby={headingId}
      onSubmit={onSubmit}
      noValidate
    >
      <h2 id={headingId} className="section-title" tabIndex={-1}>
        {title}
      </h2>
      <Alert tone="info" role="none" title={note.title}>
        <p>{note.body}</p>
      </Alert>
      <ProblemAlert problem={problem} />
      {children}
    </form>
  );
}

export interface EmailAddressFieldProps {
  id: string;
  value: string;
  error?: ReactNode;
  /** Back to the address step; without it the address cannot be changed here. */
  onChangeEmail?(): void;
  /** A password was typed: changing the address asks first. */
  typed?: boolean;
}

/** The address being connected, read-only: it was chosen on the address step. */
export function EmailAddressField({
  id,
  value,
  error,
  onChangeEmail,
  typed = false,
}: EmailAddressFieldProps) {
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <div className="connect-form__email">
        <TextField
          id={id}
          label="Email address"
          value={value}
          readOnly
          className="connect-form__email-field"
          error={error}
        />
        {onChangeEmail && (
          <Button size="sm" onClick={() => (typed ? setConfirming(true) : onChangeEmail())}>
            Change<VisuallyHidden> email address</VisuallyHidden>
          </Button>
        )}
      </div>
      {onChangeEmail && confirming && typed && (
        <Alert
          tone="warning"
          title="Discard what you typed?"
          actions={
            <>
              <Button size="sm" variant="danger" onClick={onChangeEmail}>
                Discard and change the address
              </Button>
              <Button size="sm" onClick={() => setConfirming(false)}>
                Keep editing
              </Button>
            </>
          }
        >
          <p>Changing the address clears the password you entered for {value}.</p>
        </Alert>
      )}
    </>
  );
}

/** "What Inlet will access", closed until asked for; `children` are the list's items. */
export function AccessDisclosure({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <Disclosure summary="What Inlet will access" open={open} onOpenChange={setOpen}>
      <ul className="access-list">{children}</ul>
    </Disclosure>
  );
}

export interface ConnectActionsProps {
  label: string;
  busy: boolean;
  /** More choices after Cancel. */
  children?: ReactNode;
}

export function ConnectActions({ label, busy, children }: ConnectActionsProps) {
  return (
    <div className="connect-form__actions">
      <Button type="submit" variant="primary" busy={busy}>
        {label}
      </Button>
      <Link to={paths.myEmail} className={buttonClassName()}>
        Cancel
      </Link>
      {children}
    </div>
  );
}

/** The form's place once connected: what happened, then the way back to My email. */
export function ConnectSuccess({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  // It replaces the form that had focus: the heading takes it, so the result is read out.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="card connect-success" aria-labelledby={headingId}>
      <span className="connect-success__mark" aria-hidden="true">
        ✓
      </span>
      <h2 id={headingId} ref={headingRef} className="section-title" tabIndex={-1}>
        {title}
      </h2>
      {children}
      <MyEmailLink variant="primary" />
    </section>
  );
}

/** A corrected value the gateway offered, taken in one click (`onUse` fills it in, and may connect again). */
export function FieldSuggestion({
  label,
  note,
  onUse,
}: {
  label: string;
  note?: string;
  onUse(): void;
}) {
  return (
    <div className="field-suggestion">
      <Button size="sm" onClick={onUse}>
        {label}
      </Button>
      {note && <span className="muted">{note}</span>}
    </div>
  );
}
