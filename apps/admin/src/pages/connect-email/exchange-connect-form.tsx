import { Alert, Button, buttonClassName, Disclosure, TextField, VisuallyHidden } from '@inlet/ui';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useClient, useMutation } from 'urql';
import { Link } from '@/components/link';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import type { ConnectExchangeInput } from '@/gql/graphql';
import { newCheckId } from '@/lib/check-id';
import { paths } from '@/lib/routes';
import { describeError } from '@/lib/urql';
import { useConsoleSession } from '@/lib/use-console-session';
import { detectionSourceNote, domainOf } from './connect-email-labels';
import { ConnectionCheckList } from './connection-check-list';
import { OAuthSignInButton } from './oauth-sign-in-button';
import {
  applyStepEvent,
  exchangeVerificationSteps,
  finishConnected,
  finishFailed,
  finishInterrupted,
  startCheck,
  type ConnectionCheck,
} from './connection-check-model';
import {
  exchangeFieldForProblem,
  firstInvalidExchangeField,
  initialExchangeValues,
  needsOptionalFields,
  optionalFieldsSummary,
  placeExchangeFieldErrors,
  toConnectExchangeInput,
  type ExchangeFieldErrors,
  type ExchangeFormField,
  type ExchangeFormValues,
  type FieldProblem,
} from './exchange-connect-form-model';

export const ExchangeConnectForm_DetectionFragment = graphql(`
  fragment ExchangeConnectForm_DetectionFragment on ProviderDetection {
    email
    provider
    source
    exchangeUrl
  }
`);

const ExchangeConnectForm_ConnectMutation = graphql(`
  mutation ExchangeConnectForm_ConnectMutation($input: ConnectExchangeInput!) {
    connectExchange(input: $input) {
      ... on Connection {
        id
        email
        status
        exchangeSettings {
          ewsUrl
          serverVersion
          ruleFolders
          username
        }
      }
      ... on ConnectionFailed {
        message
        code
        hint
        step
        field
        detail
        suggestion
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
    }
  }
`);

const ExchangeConnectForm_CheckSubscription = graphql(`
  subscription ExchangeConnectForm_CheckSubscription($checkId: ID!) {
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
  title: string;
  body?: ReactNode;
  action?: ReactNode;
}

/** A corrected value the gateway offered for a field (an OWA address -> the EWS URL). */
interface Suggestion {
  field: ExchangeFormField;
  value: string;
}

interface Connected {
  email: string;
  ewsUrl: string | null;
  serverVersion: string | null;
  ruleFolders: string[];
}

/** A gateway problem next to its field: what went wrong, then what to do (and the corrected value, if any). */
function problemText(problem: FieldProblem | undefined, suggestion: string | undefined): ReactNode {
  if (!problem) return undefined;
  return (
    <span className="field-problem">
      <span className="field-problem__message">{problem.message}</span>
      {problem.hint && <span className="field-problem__hint"> {problem.hint}</span>}
      {suggestion && (
        <span className="field-problem__hint">
          {' '}
          Use <code className="server-list__url">{suggestion}</code> instead.
        </span>
      )}
    </span>
  );
}

export interface ExchangeConnectFormProps {
  email: string;
  /** What detection found; null when the user chose Exchange themselves. */
  detection: FragmentType<typeof ExchangeConnectForm_DetectionFragment> | null;
  /** Back to the address step. */
  onChangeEmail(): void;
  /** The same address with IMAP and SMTP instead (many Exchange servers offer them too). */
  onChooseImap(): void;
}

/**
 * The on-premises Exchange (EWS) connect form and its live check. Everything typed stays after a failure;
 * a corrected Exchange URL the gateway suggests goes into the field with one click, so connecting again
 * needs no re-typing.
 */
export function ExchangeConnectForm({ email, detection: detectionRef, onChangeEmail, onChooseImap }: ExchangeConnectFormProps) {
  const detection = getFragmentData(ExchangeConnectForm_DetectionFragment, detectionRef);
  const formId = useId();
  const fieldId = (field: ExchangeFormField) => `${formId}-${field}`;
  const headingId = `${formId}-heading`;
  const checkHeadingId = `${formId}-check-heading`;

  const [values, setValues] = useState<ExchangeFormValues>(() => initialExchangeValues(email, detection));
  const [errors, setErrors] = useState<ExchangeFieldErrors>({});
  const [suggestion, setSuggestion] = useState<Suggestion | null>(null);
  const [optionalOpen, setOptionalOpen] = useState(false);
  const [accessOpen, setAccessOpen] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [check, setCheck] = useState<ConnectionCheck | null>(null);
  const [connected, setConnected] = useState<Connected | null>(null);
  const [pendingFocus, setPendingFocus] = useState<ExchangeFormField | null>(null);
  const running = check?.outcome === 'running';

  const client = useClient();
  const { subscriptionsConnected } = useConsoleSession();
  const [, connect] = useMutation(ExchangeConnectForm_ConnectMutation);
  const subscription = useRef<{ unsubscribe(): void } | null>(null);
  // A second submit before the first has re-rendered the button as busy must not start a second check.
  const inFlight = useRef(false);
  const successHeadingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => () => subscription.current?.unsubscribe(), []);

  // Move focus only after the field has rendered its error (and the optional fields have opened).
  useEffect(() => {
    if (!pendingFocus) return;
    document.getElementById(fieldId(pendingFocus))?.focus();
    setPendingFocus(null);
  });

  useEffect(() => {
    if (connected) successHeadingRef.current?.focus();
  }, [connected]);

  const set = (field: ExchangeFormField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    if (errors[field]) setErrors(({ [field]: _cleared, ...rest }) => rest);
    if (suggestion?.field === field) setSuggestion(null);
  };

  const showErrors = (next: ExchangeFieldErrors) => {
    setErrors(next);
    if (needsOptionalFields(next)) setOptionalOpen(true);
    const first = firstInvalidExchangeField(next);
    if (first) setPendingFocus(first);
  };

  const applySuggestion = () => {
    if (!suggestion) return;
    set(suggestion.field, suggestion.value);
    // The button goes away with the problem: focus the field, which now shows the address to connect with.
    setPendingFocus(suggestion.field);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (inFlight.current) return;
    setProblem(null);
    setSuggestion(null);
    const checked = toConnectExchangeInput(values);
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

  const runCheck = async (checkedInput: ConnectExchangeInput) => {
    // Subscribe first, wait for the socket, then start the check: the progress has somewhere to go.
    const checkId = newCheckId();
    setCheck(startCheck(checkId, exchangeVerificationSteps));
    const live = client.subscription(ExchangeConnectForm_CheckSubscription, { checkId }).subscribe((result) => {
      const step = result.data?.connectionCheck;
      if (step) setCheck((current) => (current ? applyStepEvent(current, step) : current));
    });
    // Only now let the previous check's subscription go: were it the last one, the lazy socket would close and reopen.
    subscription.current?.unsubscribe();
    subscription.current = live;
    await subscriptionsConnected(SUBSCRIPTION_WAIT_MS);

    const result = await connect({ input: { ...checkedInput, checkId } });
    setTimeout(() => live.unsubscribe(), LATE_EVENTS_MS);

    const outcome = result.data?.connectExchange;
    if (!outcome) {
      setCheck((current) => current && finishInterrupted(current));
      setProblem({ title: 'The check could not finish', body: result.error ? describeError(result.error) : 'Try again.' });
      return;
    }
    switch (outcome.__typename) {
      case 'Connection':
        setCheck((current) => current && finishConnected(current));
        // Nothing secret stays in memory once the connection is saved.
        setValues((current) => ({ ...current, password: '' }));
        setConnected({
          email: outcome.email,
          ewsUrl: outcome.exchangeSettings?.ewsUrl ?? null,
          serverVersion: outcome.exchangeSettings?.serverVersion ?? null,
          ruleFolders: outcome.exchangeSettings?.ruleFolders ?? [],
        });
        return;
      case 'ConnectionFailed': {
        setCheck((current) => current && finishFailed(current, outcome));
        const field = exchangeFieldForProblem(outcome.field);
        if (field) {
          if (outcome.suggestion && outcome.suggestion !== values[field].trim()) setSuggestion({ field, value: outcome.suggestion });
          showErrors({ [field]: { message: outcome.message, hint: outcome.hint } });
        } else {
          setProblem({
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
        setProblem({
          title: outcome.message,
          body:
            outcome.code === 'USE_OAUTH' ? (
              <>
                <p>{outcome.hint}</p>
                <OAuthSignInButton start={{ kind: 'connect', provider: 'MICROSOFT', email }} size="sm" />
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
      case 'ValidationFailed': {
        setCheck(null);
        const placed = placeExchangeFieldErrors(outcome.fields);
        showErrors(placed.errors);
        if (placed.unplaced.length > 0) {
          setProblem({
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

  const note = detection?.exchangeUrl
    ? detectionSourceNote(detection.source, domainOf(detection.email))
    : {
        title: 'Inlet finds your Exchange server',
        body: 'It asks your domain (autodiscover) for the server. If that does not work, enter the Exchange URL under "Show optional fields".',
      };

  return (
    <div className="connect-layout">
      <div className="connect-layout__main">
        {connected ? (
          <section className="card connect-success" aria-labelledby={`${formId}-success`}>
            <span className="connect-success__mark" aria-hidden="true">
              ✓
            </span>
            <h2 id={`${formId}-success`} ref={successHeadingRef} className="section-title" tabIndex={-1}>
              Connected
            </h2>
            <p>
              <strong>{connected.email}</strong> is connected. Inlet sent one test email through your Exchange server and starts reading
              your Inbox and Sent Items now.
            </p>
            {connected.ewsUrl && (
              <dl className="connect-success__facts">
                <div>
                  <dt>Exchange server</dt>
                  <dd>
                    <code className="server-list__url">{connected.ewsUrl}</code>
                    {connected.serverVersion && <span className="server-list__meta"> · {connected.serverVersion}</span>}
                  </dd>
                </div>
                {connected.ruleFolders.length > 0 && (
                  <div>
                    <dt>Also read (your inbox rules file mail there)</dt>
                    <dd>{connected.ruleFolders.join(', ')}</dd>
                  </div>
                )}
              </dl>
            )}
            <Link to={paths.myEmail} className={buttonClassName({ variant: 'primary' })}>
              Go to My email
            </Link>
          </section>
        ) : (
          <form className="settings-form connect-form" aria-labelledby={headingId} onSubmit={(event) => void onSubmit(event)} noValidate>
            <h2 id={headingId} className="section-title" tabIndex={-1}>
              Sign in to Exchange
            </h2>
            <Alert tone="info" role="none" title={note.title}>
              <p>{note.body}</p>
            </Alert>
            {problem && (
              <Alert tone="danger" title={problem.title} actions={problem.action}>
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
                error={problemText(errors.email, undefined)}
              />
              <Button size="sm" onClick={onChangeEmail}>
                Change<VisuallyHidden> email address</VisuallyHidden>
              </Button>
            </div>
            <TextField
              id={fieldId('password')}
              label="Password"
              type="password"
              hint="The password you sign in to Windows or Outlook with."
              value={values.password}
              onChange={(event) => set('password', event.target.value)}
              error={problemText(errors.password, undefined)}
              autoComplete="off"
              spellCheck={false}
            />

            <Disclosure summary="Show optional fields" description={optionalFieldsSummary(values)} open={optionalOpen} onOpenChange={setOptionalOpen}>
              <TextField
                id={fieldId('username')}
                label="Username"
                hint={`Only if you sign in with another name than ${values.email}, for example user@corp.example or CORP\\jane.`}
                value={values.username}
                onChange={(event) => set('username', event.target.value)}
                error={problemText(errors.username, suggestion?.field === 'username' ? suggestion.value : undefined)}
                autoComplete="off"
                spellCheck={false}
                autoCapitalize="none"
              />
              <TextField
                id={fieldId('exchangeUrl')}
                label="Exchange URL"
                hint="The address of your Exchange server, for example mail.example.com. Leave empty to let Inlet find it."
                placeholder="mail.example.com"
                value={values.exchangeUrl}
                onChange={(event) => set('exchangeUrl', event.target.value)}
                error={problemText(errors.exchangeUrl, suggestion?.field === 'exchangeUrl' ? suggestion.value : undefined)}
                autoComplete="off"
                spellCheck={false}
                autoCapitalize="none"
              />
              {suggestion && (
                <div className="field-suggestion">
                  <Button size="sm" onClick={applySuggestion}>
                    Use the suggested address
                  </Button>
                  <span className="muted">Then select Connect again; nothing else needs re-typing.</span>
                </div>
              )}
            </Disclosure>

            <Disclosure summary="What Inlet will access" open={accessOpen} onOpenChange={setAccessOpen}>
              <ul className="access-list">
                <li>Reads your Inbox and Sent Items, and the folders your inbox rules file mail into, to log the replies you receive and send.</li>
                <li>Sends the email you write in Inlet through your Exchange server, from your address.</li>
                <li>Sends one test email while connecting, to check that sending works.</li>
                <li>Stores your password encrypted, and only uses it to connect to this server.</li>
                <li>Never deletes your mail.</li>
              </ul>
            </Disclosure>

            <div className="connect-form__actions">
              <Button type="submit" variant="primary" busy={running}>
                Connect
              </Button>
              <Link to={paths.myEmail} className={buttonClassName()}>
                Cancel
              </Link>
              <button type="button" className="link-button" onClick={onChooseImap}>
                Use IMAP and SMTP instead
              </button>
            </div>
          </form>
        )}
      </div>

      <aside className="card connect-check" aria-labelledby={checkHeadingId}>
        <h2 id={checkHeadingId} className="connect-check__title">
          Connection check
        </h2>
        <ConnectionCheckList check={check} steps={exchangeVerificationSteps} />
      </aside>
    </div>
  );
}
