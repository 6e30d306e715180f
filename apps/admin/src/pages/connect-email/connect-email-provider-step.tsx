import { Alert, Button, Disclosure } from '@inlet/ui';
import { useId, useState, type ReactNode } from 'react';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import { useConnectLeaveGuard } from './connect-form-parts';
import { OAuthSignInButton } from './oauth-sign-in-button';

export const ConnectEmailProviderStep_DetectionFragment = graphql(`
  fragment ConnectEmailProviderStep_DetectionFragment on ProviderDetection {
    email
    provider
    reason
    tried
  }
`);

export interface ConnectEmailProviderStepProps {
  detection: FragmentType<typeof ConnectEmailProviderStep_DetectionFragment>;
  /** The user typed the address in this flow (not a link's): leaving asks first. */
  emailTyped: boolean;
  /** "Choose my provider myself" -> IMAP and SMTP: the IMAP form, without prefilled servers. */
  onChooseImap(): void;
  /** "Choose my provider myself" -> Exchange: the Exchange form, Inlet finding the server. */
  onChooseExchange(): void;
  onChangeEmail(): void;
}

const oauthProviders = {
  GMAIL: {
    provider: 'GOOGLE',
    name: 'Google',
    account: 'a Google (Gmail or Google Workspace) address',
  },
  MICROSOFT_365: {
    provider: 'MICROSOFT',
    name: 'Microsoft',
    account: 'a Microsoft 365 or Outlook.com address',
  },
} as const;

/** Step 2 for everything but IMAP and Exchange (which go straight to their forms): what Inlet found, and what it can (not yet) do about it. */
export function ConnectEmailProviderStep({
  detection: detectionRef,
  emailTyped,
  onChooseImap,
  onChooseExchange,
  onChangeEmail,
}: ConnectEmailProviderStepProps) {
  const detection = getFragmentData(ConnectEmailProviderStep_DetectionFragment, detectionRef);
  const id = useId();
  const [triedOpen, setTriedOpen] = useState(false);
  const [chooseOpen, setChooseOpen] = useState(false);
  const { provider, email } = detection;
  // The sign-in redirect (OAuthSignInButton) leaves on purpose and is not asked.
  useConnectLeaveGuard(emailTyped);

  let title: string;
  let body: ReactNode;
  if (provider === 'GMAIL' || provider === 'MICROSOFT_365') {
    const oauth = oauthProviders[provider];
    title = `Connect with ${oauth.name}`;
    body = (
      <>
        <p>
          <strong>{email}</strong> is {oauth.account}. It connects through {oauth.name}'s own
          sign-in, so Inlet never sees its password.
        </p>
        <OAuthSignInButton
          start={{ kind: 'connect', provider: oauth.provider, email }}
          aria-describedby={`${id}-oauth-note`}
        />
        <p id={`${id}-oauth-note`} className="muted">
          You sign in on {oauth.name}'s page, then come back here.
        </p>
      </>
    );
  } else {
    title = 'Inlet cannot connect this address';
    body = (
      <Alert
        tone="warning"
        role="none"
        title={detection.reason ?? 'This email provider is not supported.'}
      >
        <p>
          <strong>{email}</strong> cannot be connected. If you know its IMAP and SMTP servers work
          with other mail apps, you can still try them.
        </p>
      </Alert>
    );
  }

  return (
    <section
      className="settings-form connect-form connect-form--narrow"
      aria-labelledby={`${id}-heading`}
    >
      <h2 id={`${id}-heading`} className="section-title" tabIndex={-1}>
        {title}
      </h2>
      {body}
      {detection.tried.length > 0 && (
        <Disclosure summary="What Inlet looked up" open={triedOpen} onOpenChange={setTriedOpen}>
          <ol className="tried-list">
            {detection.tried.map((line, index) => (
              <li key={`${index}-${line}`}>{line}</li>
            ))}
          </ol>
        </Disclosure>
      )}
      <Disclosure
        summary="Choose my provider myself"
        open={chooseOpen}
        onOpenChange={setChooseOpen}
      >
        <fieldset className="provider-choice">
          <legend className="provider-choice__legend">How does your mailbox connect?</legend>
          <div className="provider-choice__options">
            <Button onClick={onChooseImap}>IMAP and SMTP</Button>
            <Button onClick={onChooseExchange}>Microsoft Exchange (on-premises)</Button>
          </div>
          <p className="muted">
            Your email provider or IT department can tell you which one your mailbox uses.
          </p>
        </fieldset>
      </Disclosure>
      <div className="connect-form__actions">
        <Button onClick={onChangeEmail}>Use a different address</Button>
      </div>
    </section>
  );
}
