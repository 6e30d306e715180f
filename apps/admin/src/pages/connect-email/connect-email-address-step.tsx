import { Alert, Button, buttonClassName, TextField } from '@inlet/ui';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useClient } from 'urql';
import { Link } from '@/components/link';
import { MyEmailLink } from '@/components/my-email-link';
import { graphql } from '@/gql';
import type { ConnectEmailAddressStep_DetectQueryQuery } from '@/gql/graphql';
import { reconnectEmailPath } from '@/lib/routes';
import { describeError } from '@/lib/urql';
import { useConnectLeaveGuard } from './connect-form-parts';

const ConnectEmailAddressStep_DetectQuery = graphql(`
  query ConnectEmailAddressStep_DetectQuery($email: String!) {
    detectProvider(email: $email) {
      email
      provider
      myConnection {
        id
      }
      ...ConnectEmailProviderStep_DetectionFragment
      ...ImapConnectForm_DetectionFragment
      ...ExchangeConnectForm_DetectionFragment
    }
  }
`);

export type Detection = ConnectEmailAddressStep_DetectQueryQuery['detectProvider'];

export interface ConnectEmailAddressStepProps {
  initialEmail: string;
  /** The user typed `initialEmail` earlier in this flow (back from a later step), not a link. */
  initialEmailTyped: boolean;
  onDetected(detection: Detection): void;
}

/** Step 1: the address; Inlet looks up its provider and the servers to prefill. */
export function ConnectEmailAddressStep({
  initialEmail,
  initialEmailTyped,
  onDetected,
}: ConnectEmailAddressStepProps) {
  const id = useId();
  const client = useClient();
  const [email, setEmail] = useState(initialEmail);
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [detecting, setDetecting] = useState(false);
  /** The viewer already connected the address: said here, before any password is asked for. */
  const [connected, setConnected] = useState<{ email: string; id: string } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [focusInput, setFocusInput] = useState(false);
  // An address typed (here, or before going back to this step; not a link's) and not connected yet: leaving asks.
  useConnectLeaveGuard(
    email.trim() !== '' && (initialEmailTyped || email !== initialEmail) && connected === null,
  );

  useEffect(() => {
    if (!focusInput) return;
    inputRef.current?.focus();
    setFocusInput(false);
  }, [focusInput]);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (detecting) return;
    setProblem(null);
    setConnected(null);
    const trimmed = email.trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) {
      setError('Enter your email address, for example jane@example.com.');
      setFocusInput(true);
      return;
    }
    setDetecting(true);
    const result = await client
      .query(
        ConnectEmailAddressStep_DetectQuery,
        { email: trimmed },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    setDetecting(false);
    const mine = result.data?.detectProvider.myConnection;
    if (mine) {
      setConnected({ email: result.data!.detectProvider.email, id: mine.id });
      return;
    }
    if (result.data?.detectProvider) {
      onDetected(result.data.detectProvider);
      return;
    }
    // detectProvider reports a bad address as BAD_USER_INPUT naming the field; anything else is unexpected.
    const fieldError = result.error?.graphQLErrors.find(
      (e) => e.extensions?.code === 'BAD_USER_INPUT',
    );
    if (fieldError) {
      setError(fieldError.message);
      setFocusInput(true);
    } else {
      setProblem(result.error ? describeError(result.error) : 'Try again.');
    }
  };

  return (
    <form
      className="settings-form connect-form connect-form--narrow"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h2 id={`${id}-heading`} className="section-title" tabIndex={-1}>
        Your email address
      </h2>
      <p className="muted connect-form__intro">
        Inlet looks up your email provider and fills in its servers for you.
      </p>
      {problem && (
        <Alert tone="danger" title="Inlet could not look up your provider">
          {problem}
        </Alert>
      )}
      {connected && (
        <Alert
          tone="warning"
          title={`You already connected ${connected.email}`}
          actions={
            <>
              <Link
                to={reconnectEmailPath(connected.id)}
                className={buttonClassName({ variant: 'primary', size: 'sm' })}
              >
                Reconnect {connected.email}
              </Link>
              <MyEmailLink size="sm" />
            </>
          }
        >
          <p>
            Its email is already logged. If it stopped syncing, reconnect it; to connect another
            mailbox, enter its address.
          </p>
        </Alert>
      )}
      <TextField
        ref={inputRef}
        label="Email address"
        type="email"
        value={email}
        onChange={(event) => {
          setEmail(event.target.value);
          setError(null);
          setConnected(null);
        }}
        error={error}
        autoComplete="email"
        spellCheck={false}
        autoCapitalize="none"
      />
      <div className="connect-form__actions">
        <Button type="submit" variant="primary" busy={detecting}>
          Continue
        </Button>
        <span role="status" className="muted">
          {detecting ? 'Looking up your email provider…' : ''}
        </span>
      </div>
    </form>
  );
}
