import { EmptyState, PageHeader } from '@inlet/ui';
import { useEffect, useRef, useState } from 'react';
import { Link } from '@/components/link';
import { paths } from '@/lib/routes';
import { useRoute } from '@/lib/use-route';
import { useViewerAccess } from '@/lib/viewer-access';
import { ConnectEmailAddressStep, type Detection } from './connect-email-address-step';
import { ConnectEmailProviderStep } from './connect-email-provider-step';
import { ExchangeConnectForm } from './exchange-connect-form';
import { ImapConnectForm } from './imap-connect-form';
import { oauthReturnOf } from './oauth-connect-model';
import { OAuthReturnNotice } from './oauth-return-notice';
import { usePreloadProviderSteps } from './use-provider-steps';

type Stage =
  | { kind: 'address'; email: string }
  | { kind: 'provider'; detection: Detection }
  | { kind: 'imap'; email: string; detection: Detection | null; key: number }
  | { kind: 'exchange'; email: string; detection: Detection | null; key: number };

/** Connect personal email: address -> provider -> IMAP or Exchange form and live check. */
export function ConnectEmailPage() {
  const route = useRoute();
  usePreloadProviderSteps();
  // The address a link opened the page with (?email=) was not typed; any other address was.
  const [linkEmail] = useState(() => route.search.get('email') ?? '');
  const [stage, setStage] = useState<Stage>(() => ({ kind: 'address', email: linkEmail }));
  const emailTyped = (email: string) => email.trim() !== '' && email !== linkEmail;
  const stageRef = useRef<HTMLDivElement>(null);
  const firstStage = useRef(true);

  // A new step takes focus at its heading, so screen readers announce where the user is.
  useEffect(() => {
    if (firstStage.current) {
      firstStage.current = false;
      return;
    }
    stageRef.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [stage.kind]);

  const { seat } = useViewerAccess();
  const oauthReturn = oauthReturnOf(route.search);
  const backToAddress = (email: string) => setStage({ kind: 'address', email });
  // What either connect form takes from its stage: the address, what detection found, the way back.
  const connectProps = <D,>(form: { email: string; detection: D }) => ({
    mode: 'connect' as const,
    email: form.email,
    emailTyped: emailTyped(form.email),
    detection: form.detection,
    onChangeEmail: () => backToAddress(form.email),
  });

  return (
    <>
      <Link to={paths.myEmail} className="back-link">
        <span aria-hidden="true">← </span>My email
      </Link>
      <PageHeader
        title="Connect personal email"
        description="Connect your own inbox so replies are logged and you can send from your own address."
      />

      {seat === 'VIEW_ONLY' && (
        <EmptyState title="Your seat is view-only">
          <p>
            A view-only seat can look around Inlet but cannot connect an inbox or send email. Ask an
            admin to give you a full seat if you need to connect your email.
          </p>
        </EmptyState>
      )}

      {seat === 'FULL' && oauthReturn && stage.kind === 'address' && (
        <OAuthReturnNotice code={oauthReturn.code} attemptId={oauthReturn.attemptId} />
      )}

      {seat === 'FULL' && (
        <div ref={stageRef}>
          {stage.kind === 'address' && (
            <ConnectEmailAddressStep
              initialEmail={stage.email}
              initialEmailTyped={emailTyped(stage.email)}
              onDetected={(detection) =>
                setStage(
                  detection.provider === 'IMAP'
                    ? { kind: 'imap', email: detection.email, detection, key: Date.now() }
                    : detection.provider === 'EXCHANGE'
                      ? { kind: 'exchange', email: detection.email, detection, key: Date.now() }
                      : { kind: 'provider', detection },
                )
              }
            />
          )}
          {stage.kind === 'provider' && (
            <ConnectEmailProviderStep
              detection={stage.detection}
              emailTyped={emailTyped(stage.detection.email)}
              onChooseImap={() =>
                setStage({
                  kind: 'imap',
                  email: stage.detection.email,
                  detection: null,
                  key: Date.now(),
                })
              }
              onChooseExchange={() =>
                setStage({
                  kind: 'exchange',
                  email: stage.detection.email,
                  detection: null,
                  key: Date.now(),
                })
              }
              onChangeEmail={() => backToAddress(stage.detection.email)}
            />
          )}
          {stage.kind === 'imap' && <ImapConnectForm key={stage.key} {...connectProps(stage)} />}
          {stage.kind === 'exchange' && (
            <ExchangeConnectForm
              key={stage.key}
              {...connectProps(stage)}
              onChooseImap={() =>
                setStage({ kind: 'imap', email: stage.email, detection: null, key: Date.now() })
              }
            />
          )}
        </div>
      )}
    </>
  );
}
