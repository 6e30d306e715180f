import { Alert, Button, buttonClassName, Checkbox, Disclosure, Select, TextField, VisuallyHidden } from '@inlet/ui';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useClient, useMutation } from 'urql';
import { Link } from '@/components/link';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import type { ConnectImapInput, MailSecurity } from '@/gql/graphql';
import { newCheckId } from '@/lib/check-id';
import { securityLabels, securityOptions, usualPorts, withSecurity } from '@/lib/mail-security';
import { paths } from '@/lib/routes';
import { describeError } from '@/lib/urql';
import { useConsoleSession } from '@/lib/use-console-session';
import { detectionSourceNote, domainOf } from './connect-email-labels';
import { ConnectionCheckList } from './connection-check-list';
import { oauthProviderOfRefusal } from './oauth-connect-model';
import { OAuthSignInButton } from './oauth-sign-in-button';
import { applyStepEvent, finishConnected, finishFailed, finishInterrupted, startCheck, type ConnectionCheck } from './connection-check-model';
import {
  fieldForProblem,
  firstInvalidField,
  formValuesFromSettings,
  initialFormValues,
  needsAdvancedOptions,
  placeFieldErrors,
  toConnectImapInput,
  withSameCredentials,
  type FieldErrors,
  type FieldProblem,
  type ImapFormField,
  type ImapFormValues,
} from './imap-connect-form-model';

export const ImapConnectForm_DetectionFragment = graphql(`
  fragment ImapConnectForm_DetectionFragment on ProviderDetection {
    email
    source
    allowInsecureCertificate
    imap {
      host
      port
      security
    }
    smtp {
      host
      port
      security
    }
  }
`);

/** Reconnect: the saved settings to start from (never a password). */
export const ImapConnectForm_ConnectionFragment = graphql(`
  fragment ImapConnectForm_ConnectionFragment on Connection {
    id
    email
    imapSettings {
      username
      imap {
        host
        port
        security
      }
      smtp {
        host
        port
        security
      }
      smtpSameCredentials
      smtpUsername
      trustAnyCertificate
      inboxAutomation
    }
  }
`);

const ImapConnectForm_ResultFragment = graphql(`
  fragment ImapConnectForm_ResultFragment on ReconnectImapResult {
    ... on Connection {
      id
      email
      status
    }
    ... on ConnectionFailed {
      message
      code
      hint
      step
      field
      detail
    }
    ... on ConnectRefused {
      message
      code
      hint
    }
    ... on ValidationFailed {
      message
      fields {
        field
        message
      }
    }
    ... on NotFound {
      message
    }
  }
`);

// One result fragment for both: connectImap's union is reconnectImap's without NotFound.
const ImapConnectForm_ConnectMutation = graphql(`
  mutation ImapConnectForm_ConnectMutation($input: ConnectImapInput!) {
    connectImap(input: $input) {
      ...ImapConnectForm_ResultFragment
    }
  }
`);

const ImapConnectForm_ReconnectMutation = graphql(`
  mutation ImapConnectForm_ReconnectMutation($id: ID!, $input: ConnectImapInput!) {
    reconnectImap(id: $id, input: $input) {
      ...ImapConnectForm_ResultFragment
    }
  }
`);

const ImapConnectForm_CheckSubscription = graphql(`
  subscription ImapConnectForm_CheckSubscription($checkId: ID!) {
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

interface Problem {
  tone: 'danger' | 'warning';
  title: string;
  body?: ReactNode;
  action?: ReactNode;
}

/** A gateway problem next to its field: what went wrong, then what to do. */
function problemText(problem: FieldProblem | undefined): ReactNode {
  if (!problem) return undefined;
  return (
    <span className="field-problem">
      <span className="field-problem__message">{problem.message}</span>
      {problem.hint && <span className="field-problem__hint"> {problem.hint}</span>}
    </span>
  );
}

function serverSummary(values: ImapFormValues): string {
  if (!values.imapHost.trim() || !values.smtpHost.trim()) return 'Enter the incoming (IMAP) and outgoing (SMTP) servers here.';
  return `IMAP ${values.imapHost.trim()}:${values.imapPort.trim()} (${securityLabels[values.imapSecurity]}) · SMTP ${values.smtpHost.trim()}:${values.smtpPort.trim()} (${securityLabels[values.smtpSecurity]})`;
}

export type ImapConnectFormProps =
  | {
      mode: 'connect';
      email: string;
      /** What detection found; null when the user chose to enter the servers themselves. */
      detection: FragmentType<typeof ImapConnectForm_DetectionFragment> | null;
      /** Back to the address step. */
      onChangeEmail(): void;
    }
  | {
      mode: 'reconnect';
      /** The connection whose password (and, if need be, settings) are replaced once the check passes. */
      connection: FragmentType<typeof ImapConnectForm_ConnectionFragment>;
    };

/**
 * The IMAP/SMTP connect (or reconnect) form and its live check. The form keeps every value (the password too) after
 * a failure, so fixing one setting and connecting again needs no re-typing.
 */
export function ImapConnectForm(props: ImapConnectFormProps) {
  const detection = props.mode === 'connect' ? getFragmentData(ImapConnectForm_DetectionFragment, props.detection) : null;
  const reconnecting = props.mode === 'reconnect' ? getFragmentData(ImapConnectForm_ConnectionFragment, props.connection) : null;
  const formId = useId();
  const fieldId = (field: ImapFormField) => `${formId}-${field}`;
  const headingId = `${formId}-heading`;
  const checkHeadingId = `${formId}-check-heading`;

  const [values, setValues] = useState<ImapFormValues>(() =>
    reconnecting?.imapSettings
      ? formValuesFromSettings(reconnecting.email, reconnecting.imapSettings)
      : initialFormValues(props.mode === 'connect' ? props.email : (reconnecting?.email ?? ''), detection),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  // Open from the start when there is nothing to prefill: the servers must be typed.
  const [advancedOpen, setAdvancedOpen] = useState(() => !values.imapHost || !values.smtpHost);
  const [accessOpen, setAccessOpen] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [check, setCheck] = useState<ConnectionCheck | null>(null);
  const [connectedEmail, setConnectedEmail] = useState<string | null>(null);
  const [pendingFocus, setPendingFocus] = useState<ImapFormField | null>(null);
  const running = check?.outcome === 'running';

  const client = useClient();
  const { subscriptionsConnected } = useConsoleSession();
  const [, connect] = useMutation(ImapConnectForm_ConnectMutation);
  const [, reconnect] = useMutation(ImapConnectForm_ReconnectMutation);
  const subscription = useRef<{ unsubscribe(): void } | null>(null);
  // A second submit before the first has re-rendered the button as busy must not start a second check.
  const inFlight = useRef(false);
  const successHeadingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => () => subscription.current?.unsubscribe(), []);

  // Move focus only after the field has rendered its error (and Advanced options has opened), so it is read with the field.
  useEffect(() => {
    if (!pendingFocus) return;
    document.getElementById(fieldId(pendingFocus))?.focus();
    setPendingFocus(null);
  });

  useEffect(() => {
    if (connectedEmail) successHeadingRef.current?.focus();
  }, [connectedEmail]);

  const set = <K extends keyof ImapFormValues>(key: K, value: ImapFormValues[K], field: ImapFormField = key) => {
    setValues((current) => ({ ...current, [key]: value }));
    if (errors[field]) setErrors(({ [field]: _cleared, ...rest }) => rest);
  };

  const setSecurity = (server: 'imap' | 'smtp', security: MailSecurity) => {
    setValues((current) => withSecurity(current, server, security));
    const field = server === 'imap' ? 'imapSecurity' : 'smtpSecurity';
    if (errors[field]) setErrors(({ [field]: _cleared, ...rest }) => rest);
  };

  const showErrors = (next: FieldErrors) => {
    setErrors(next);
    if (needsAdvancedOptions(next)) setAdvancedOpen(true);
    const first = firstInvalidField(next);
    if (first) setPendingFocus(first);
  };

  // An alert (role="alert") announces itself; focus stays on Connect, so connecting again is one key away.
  const showProblem = setProblem;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (inFlight.current) return;
    setProblem(null);
    const checked = toConnectImapInput(values);
    if (!checked.ok) {
      showErrors(checked.errors);
      return;
    }
    setErrors({});
    inFlight.current = true;
    try {
      await runCheck(checked.input);
    } finally {
      inFlight.current = false;
    }
  };

  const runCheck = async (checkedInput: ConnectImapInput) => {

    // Subscribe first, wait for the socket, then start the check: the progress has somewhere to go.
    const checkId = newCheckId();
    setCheck(startCheck(checkId));
    const live = client.subscription(ImapConnectForm_CheckSubscription, { checkId }).subscribe((result) => {
      const step = result.data?.connectionCheck;
      if (step) setCheck((current) => (current ? applyStepEvent(current, step) : current));
    });
    // Only now let the previous check's subscription go: were it the last one, the lazy socket would close and reopen.
    subscription.current?.unsubscribe();
    subscription.current = live;
    await subscriptionsConnected(SUBSCRIPTION_WAIT_MS);

    const input = { ...checkedInput, checkId };
    const result = reconnecting ? await reconnect({ id: reconnecting.id, input }) : await connect({ input });
    setTimeout(() => live.unsubscribe(), LATE_EVENTS_MS);

    const payload = result.data && ('reconnectImap' in result.data ? result.data.reconnectImap : result.data.connectImap);
    const outcome = payload && getFragmentData(ImapConnectForm_ResultFragment, payload);
    if (!outcome) {
      setCheck((current) => current && finishInterrupted(current));
      showProblem({ tone: 'danger', title: 'The check could not finish', body: result.error ? describeError(result.error) : 'Try again.' });
      return;
    }
    switch (outcome.__typename) {
      case 'Connection':
        setCheck((current) => current && finishConnected(current));
        // Nothing secret stays in memory once the connection is saved.
        setValues((current) => ({ ...current, password: '', smtpPassword: '' }));
        setConnectedEmail(outcome.email);
        return;
      case 'ConnectionFailed': {
        setCheck((current) => current && finishFailed(current, outcome));
        const field = fieldForProblem(outcome.field, values);
        if (field) {
          showErrors({ [field]: { message: outcome.message, hint: outcome.hint } });
        } else {
          showProblem({
            tone: 'danger',
            title: outcome.message,
            body: (
              <>
                <p>{outcome.hint}</p>
                {outcome.detail && <p className="muted">The server said: {outcome.detail}</p>}
              </>
            ),
          });
        }
        return;
      }
      case 'ConnectRefused':
        setCheck(null);
        showProblem({
          tone: 'danger',
          title: outcome.message,
          body:
            outcome.code === 'USE_OAUTH' ? (
              <>
                <p>{outcome.hint}</p>
                <OAuthSignInButton start={{ kind: 'connect', provider: oauthProviderOfRefusal(outcome.message), email: values.email.trim() }} size="sm" />
              </>
            ) : (
              <p>{outcome.hint}</p>
            ),
          action:
            outcome.code === 'ALREADY_CONNECTED' ? (
              <Link to={paths.myEmail} className={buttonClassName({ size: 'sm' })}>
                Go to My email
              </Link>
            ) : undefined,
        });
        return;
      case 'NotFound':
        setCheck(null);
        showProblem({
          tone: 'danger',
          title: 'This connection no longer exists',
          body: <p>It may have been disconnected meanwhile. Connect the address again from My email.</p>,
          action: (
            <Link to={paths.myEmail} className={buttonClassName({ size: 'sm' })}>
              Go to My email
            </Link>
          ),
        });
        return;
      case 'ValidationFailed': {
        setCheck(null);
        const placed = placeFieldErrors(outcome.fields, values);
        showErrors(placed.errors);
        if (placed.unplaced.length > 0) {
          showProblem({
            tone: 'danger',
            title: outcome.message,
            body: (
              <ul>
                {placed.unplaced.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            ),
          });
        }
      }
    }
  };

  const note = reconnecting
    ? {
        title: 'Your saved settings',
        body: 'Enter the current password. Inlet checks it with your servers before replacing the saved one; the inbox keeps its history. Change the servers under Advanced options if they moved.',
      }
    : detection
      ? detectionSourceNote(detection.source, domainOf(detection.email))
      : { title: 'Enter your server settings', body: "Your email provider's help pages list them. Inlet checks them before saving anything." };

  return (
    <div className="connect-layout">
      <div className="connect-layout__main">
        {connectedEmail ? (
          <section className="card connect-success" aria-labelledby={`${formId}-success`}>
            <span className="connect-success__mark" aria-hidden="true">
              ✓
            </span>
            <h2 id={`${formId}-success`} ref={successHeadingRef} className="section-title" tabIndex={-1}>
              {reconnecting ? 'Reconnected' : 'Connected'}
            </h2>
            <p>
              <strong>{connectedEmail}</strong> is {reconnecting ? 'reconnected' : 'connected'}. Inlet sent one test email through your
              server and {reconnecting ? 'carries on reading' : 'starts reading'} your Inbox and Sent folders now.
            </p>
            <Link to={paths.myEmail} className={buttonClassName({ variant: 'primary' })}>
              Go to My email
            </Link>
          </section>
        ) : (
          <form className="settings-form connect-form" aria-labelledby={headingId} onSubmit={(event) => void onSubmit(event)} noValidate>
            <h2 id={headingId} className="section-title" tabIndex={-1}>
              {reconnecting ? 'Enter the password again' : 'Sign in to your mailbox'}
            </h2>
            <Alert tone="info" role="none" title={note.title}>
              <p>
                {note.body}
                {detection?.allowInsecureCertificate && ' Your administrator allows these servers to use their own certificate.'}
              </p>
            </Alert>
            {problem && (
              <Alert tone={problem.tone} title={problem.title} actions={problem.action}>
                {problem.body}
              </Alert>
            )}

            <div className="connect-form__email">
              <TextField
                id={fieldId('email')}
                label="Email address"
                value={values.email}
                readOnly
                className="connect-form__email-field"
                error={problemText(errors.email)}
              />
              {props.mode === 'connect' && (
                <Button size="sm" onClick={props.onChangeEmail}>
                  Change<VisuallyHidden> email address</VisuallyHidden>
                </Button>
              )}
            </div>
            <TextField
              id={fieldId('password')}
              label="Password"
              type="password"
              hint="The password of this mailbox, or an app password if two-step verification is on."
              value={values.password}
              onChange={(event) => set('password', event.target.value)}
              error={problemText(errors.password)}
              autoComplete="off"
              spellCheck={false}
            />

            <Disclosure summary="Advanced options" description={serverSummary(values)} open={advancedOpen} onOpenChange={setAdvancedOpen}>
              <TextField
                id={fieldId('username')}
                label="Username"
                hint={`Leave empty to sign in as ${values.email}.`}
                value={values.username}
                onChange={(event) => set('username', event.target.value)}
                error={problemText(errors.username)}
                autoComplete="off"
                spellCheck={false}
                autoCapitalize="none"
              />
              <fieldset className="form-section">
                <legend className="form-section__legend">Incoming mail (IMAP)</legend>
                <div className="form-grid">
                  <TextField
                    id={fieldId('imapHost')}
                    label="IMAP host"
                    placeholder="imap.example.com"
                    value={values.imapHost}
                    onChange={(event) => set('imapHost', event.target.value)}
                    error={problemText(errors.imapHost)}
                    autoComplete="off"
                    spellCheck={false}
                    autoCapitalize="none"
                  />
                  <TextField
                    id={fieldId('imapPort')}
                    label="IMAP port"
                    inputMode="numeric"
                    value={values.imapPort}
                    onChange={(event) => set('imapPort', event.target.value)}
                    error={problemText(errors.imapPort)}
                    autoComplete="off"
                  />
                </div>
                <Select
                  id={fieldId('imapSecurity')}
                  label="IMAP security"
                  hint={`Usually SSL/TLS on port ${usualPorts.imap.SSL_TLS}, or STARTTLS on ${usualPorts.imap.STARTTLS}.`}
                  options={securityOptions}
                  value={values.imapSecurity}
                  onChange={(security) => setSecurity('imap', security)}
                  error={problemText(errors.imapSecurity)}
                />
              </fieldset>
              <fieldset className="form-section">
                <legend className="form-section__legend">Outgoing mail (SMTP)</legend>
                <div className="form-grid">
                  <TextField
                    id={fieldId('smtpHost')}
                    label="SMTP host"
                    placeholder="smtp.example.com"
                    value={values.smtpHost}
                    onChange={(event) => set('smtpHost', event.target.value)}
                    error={problemText(errors.smtpHost)}
                    autoComplete="off"
                    spellCheck={false}
                    autoCapitalize="none"
                  />
                  <TextField
                    id={fieldId('smtpPort')}
                    label="SMTP port"
                    inputMode="numeric"
                    value={values.smtpPort}
                    onChange={(event) => set('smtpPort', event.target.value)}
                    error={problemText(errors.smtpPort)}
                    autoComplete="off"
                  />
                </div>
                <Select
                  id={fieldId('smtpSecurity')}
                  label="SMTP security"
                  hint={`Usually SSL/TLS on port ${usualPorts.smtp.SSL_TLS}, or STARTTLS on ${usualPorts.smtp.STARTTLS}.`}
                  options={securityOptions}
                  value={values.smtpSecurity}
                  onChange={(security) => setSecurity('smtp', security)}
                  error={problemText(errors.smtpSecurity)}
                />
                <Checkbox
                  id={fieldId('smtpSameCredentials')}
                  label="Outgoing mail uses the same credentials as incoming"
                  checked={values.smtpSameCredentials}
                  onChange={(event) => {
                    const same = event.target.checked;
                    setValues((current) => withSameCredentials(current, same));
                    if (errors.smtpSameCredentials) setErrors(({ smtpSameCredentials: _cleared, ...rest }) => rest);
                  }}
                  error={problemText(errors.smtpSameCredentials)}
                />
                {!values.smtpSameCredentials && (
                  <>
                    <TextField
                      id={fieldId('smtpUsername')}
                      label="SMTP username"
                      hint="Often the same as your email address."
                      value={values.smtpUsername}
                      onChange={(event) => set('smtpUsername', event.target.value)}
                      error={problemText(errors.smtpUsername)}
                      autoComplete="off"
                      spellCheck={false}
                      autoCapitalize="none"
                    />
                    <TextField
                      id={fieldId('smtpPassword')}
                      label="SMTP password"
                      type="password"
                      value={values.smtpPassword}
                      onChange={(event) => set('smtpPassword', event.target.value)}
                      error={problemText(errors.smtpPassword)}
                      autoComplete="off"
                      spellCheck={false}
                    />
                  </>
                )}
              </fieldset>
              <Checkbox
                id={fieldId('trustAnyCertificate')}
                label="Trust any certificate"
                hint="Only for a server with its own (self-signed) certificate. Inlet pins the certificate it sees now and refuses any other later, so a swapped certificate stops the connection instead of receiving your password."
                checked={values.trustAnyCertificate}
                onChange={(event) => set('trustAnyCertificate', event.target.checked)}
                error={problemText(errors.trustAnyCertificate)}
              />
              <Checkbox
                id={fieldId('inboxAutomation')}
                label="Turn on inbox automation"
                hint="Lets Inlet's automation act on new mail in this inbox. Off unless you turn it on."
                checked={values.inboxAutomation}
                onChange={(event) => set('inboxAutomation', event.target.checked)}
                error={problemText(errors.inboxAutomation)}
              />
            </Disclosure>

            <Disclosure summary="What Inlet will access" open={accessOpen} onOpenChange={setAccessOpen}>
              <ul className="access-list">
                <li>Reads your Inbox and Sent folders, to log the replies you receive and send.</li>
                <li>Sends the email you write in Inlet through your own server, from your address.</li>
                <li>Sends one test email while connecting, to check that sending works.</li>
                <li>Stores your password encrypted, and only uses it to connect to these servers.</li>
                <li>Never deletes your mail.</li>
              </ul>
            </Disclosure>

            <div className="connect-form__actions">
              <Button type="submit" variant="primary" busy={running}>
                {reconnecting ? 'Reconnect' : 'Connect'}
              </Button>
              <Link to={paths.myEmail} className={buttonClassName()}>
                Cancel
              </Link>
            </div>
          </form>
        )}
      </div>

      <aside className="card connect-check" aria-labelledby={checkHeadingId}>
        <h2 id={checkHeadingId} className="connect-check__title">
          Connection check
        </h2>
        <ConnectionCheckList check={check} />
      </aside>
    </div>
  );
}
