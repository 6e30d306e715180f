import { Disclosure, TextField } from '@inlet/ui';
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { Fact } from '@/components/fact';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import { exactInput, mailboxPasswordInput } from '@/lib/exact-input';
import { useFieldErrors } from '@/lib/use-field-errors';
import { detectionSourceNote, domainOf } from './connect-email-labels';
import {
  AccessDisclosure,
  ConnectActions,
  ConnectForm,
  ConnectLayout,
  ConnectSuccess,
  EmailAddressField,
  FieldSuggestion,
  changedFrom,
  useConnectLeaveGuard,
} from './connect-form-parts';
import {
  exchangeFieldForProblem,
  exchangeValuesFromSettings,
  firstInvalidExchangeField,
  initialExchangeValues,
  needsOptionalFields,
  optionalFieldsSummary,
  toConnectExchangeInput,
  type ExchangeFieldErrors,
  type ExchangeFormField,
  type ExchangeFormValues,
} from './exchange-connect-form-model';
import { fieldProblemText } from './field-problem-text';
import { useConnectSubmit } from './use-connect-submit';

export const ExchangeConnectForm_DetectionFragment = graphql(`
  fragment ExchangeConnectForm_DetectionFragment on ProviderDetection {
    email
    provider
    source
    exchangeUrl
  }
`);

/** Reconnect: the saved settings to start from (never a password). */
export const ExchangeConnectForm_ConnectionFragment = graphql(`
  fragment ExchangeConnectForm_ConnectionFragment on Connection {
    id
    email
    exchangeSettings {
      username
      ewsUrl
    }
  }
`);

const ExchangeConnectForm_ResultFragment = graphql(`
  fragment ExchangeConnectForm_ResultFragment on ReconnectExchangeResult {
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
    ...ConnectOutcome_ProblemFragment
  }
`);

// One result fragment for both: connectExchange's union is reconnectExchange's without NotFound.
const ExchangeConnectForm_ConnectMutation = graphql(`
  mutation ExchangeConnectForm_ConnectMutation($input: ConnectExchangeInput!) {
    connectExchange(input: $input) {
      ...ExchangeConnectForm_ResultFragment
    }
  }
`);

const ExchangeConnectForm_ReconnectMutation = graphql(`
  mutation ExchangeConnectForm_ReconnectMutation($id: ID!, $input: ConnectExchangeInput!) {
    reconnectExchange(id: $id, input: $input) {
      ...ExchangeConnectForm_ResultFragment
    }
  }
`);

interface ConnectedSettings {
  ewsUrl: string | null;
  serverVersion: string | null;
  ruleFolders: readonly string[];
}

interface Connected {
  email: string;
  ewsUrl: string | null;
  serverVersion: string | null;
  ruleFolders: readonly string[];
}

export type ExchangeConnectFormProps =
  | {
      mode: 'connect';
      email: string;
      /** The user typed `email` in this flow (not a link's): leaving asks even with nothing else typed. */
      emailTyped: boolean;
      /** What detection found; null when the user chose Exchange themselves. */
      detection: FragmentType<typeof ExchangeConnectForm_DetectionFragment> | null;
      /** Back to the address step. */
      onChangeEmail(): void;
      /** The same address with IMAP and SMTP instead (many Exchange servers offer them too). */
      onChooseImap(): void;
    }
  | {
      mode: 'reconnect';
      /** The connection whose password (and, if need be, username or Exchange URL) is replaced once the check passes. */
      connection: FragmentType<typeof ExchangeConnectForm_ConnectionFragment>;
    };

/**
 * The on-premises Exchange (EWS) connect (or reconnect) form and its live check. Everything typed stays
 * after a failure; a corrected Exchange URL the gateway suggests goes into the field with one click, so
 * connecting again needs no re-typing.
 */
export function ExchangeConnectForm(props: ExchangeConnectFormProps) {
  const detection =
    props.mode === 'connect'
      ? getFragmentData(ExchangeConnectForm_DetectionFragment, props.detection)
      : null;
  const reconnecting =
    props.mode === 'reconnect'
      ? getFragmentData(ExchangeConnectForm_ConnectionFragment, props.connection)
      : null;
  const email = props.mode === 'connect' ? props.email : (reconnecting?.email ?? '');
  const formId = useId();
  const fieldId = (field: ExchangeFormField) => `${formId}-${field}`;

  const [startValues] = useState<ExchangeFormValues>(() =>
    reconnecting?.exchangeSettings
      ? exchangeValuesFromSettings(email, reconnecting.exchangeSettings)
      : initialExchangeValues(email, detection),
  );
  const [values, setValues] = useState(startValues);
  const fieldErrors = useFieldErrors(fieldId, firstInvalidExchangeField);
  const { errors } = fieldErrors;
  const [optionalOpen, setOptionalOpen] = useState(false);
  const [connected, setConnected] = useState<Connected | null>(null);
  const [, connect] = useMutation(ExchangeConnectForm_ConnectMutation);
  const [, reconnect] = useMutation(ExchangeConnectForm_ReconnectMutation);
  // Something typed (the address at the step before, a password, a server) and not saved yet: leaving asks first.
  useConnectLeaveGuard(
    connected === null &&
      ((props.mode === 'connect' && props.emailTyped) || changedFrom(values, startValues)),
  );

  const showErrors = (next: ExchangeFieldErrors) => {
    fieldErrors.show(next);
    if (needsOptionalFields(next)) setOptionalOpen(true);
  };
  const { liveCheck, problem, suggestion, dropSuggestion, submit } = useConnectSubmit({
    kind: 'EXCHANGE',
    fieldOf: exchangeFieldForProblem,
    valueOf: (field: ExchangeFormField) => values[field],
    showErrors,
    onConnected(outcome: { email: string; exchangeSettings?: ConnectedSettings | null }) {
      // Nothing secret stays in memory once the connection is saved.
      setValues((current) => ({ ...current, password: '' }));
      setConnected({
        email: outcome.email,
        ewsUrl: outcome.exchangeSettings?.ewsUrl ?? null,
        serverVersion: outcome.exchangeSettings?.serverVersion ?? null,
        ruleFolders: outcome.exchangeSettings?.ruleFolders ?? [],
      });
    },
  });

  const set = (field: ExchangeFormField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    fieldErrors.clear(field);
    dropSuggestion(field);
  };

  const applySuggestion = () => {
    if (!suggestion) return;
    set(suggestion.field, suggestion.value);
    // The button goes away with the problem: focus the field, which now shows the address to connect with.
    fieldErrors.focus(suggestion.field);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (liveCheck.inFlight()) return;
    const checked = toConnectExchangeInput(values);
    if (!checked.ok) {
      showErrors(checked.errors);
      return;
    }
    fieldErrors.clearAll();
    await submit(async (checkId) => {
      const input = { ...checked.input, checkId };
      const result = reconnecting
        ? await reconnect({ id: reconnecting.id, input })
        : await connect({ input });
      const payload =
        result.data &&
        ('reconnectExchange' in result.data
          ? result.data.reconnectExchange
          : result.data.connectExchange);
      return {
        outcome: payload && getFragmentData(ExchangeConnectForm_ResultFragment, payload),
        error: result.error,
      };
    }, email);
  };

  // What a text field takes from its name: id, value, change handler, and the problem (with any suggested value) to show at it.
  const textField = (field: 'password' | 'username' | 'exchangeUrl') => ({
    id: fieldId(field),
    value: values[field],
    onChange: (event: ChangeEvent<HTMLInputElement>) => set(field, event.target.value),
    error: fieldProblemText(
      errors[field],
      suggestion?.field === field ? suggestion.value : undefined,
    ),
  });
  const note = reconnecting
    ? {
        title: 'Your saved settings',
        body: 'Enter the current password. Inlet checks it with your Exchange server before replacing the saved one; the inbox keeps its history. Change the username or Exchange URL under "Show optional fields" if they changed.',
      }
    : detection?.exchangeUrl
      ? detectionSourceNote(detection.source, domainOf(detection.email))
      : {
          title: 'Inlet finds your Exchange server',
          body: 'It asks your domain (autodiscover) for the server. If that does not work, enter the Exchange URL under "Show optional fields".',
        };

  return (
    <ConnectLayout kind="EXCHANGE" check={liveCheck.check}>
      {connected ? (
        <ConnectSuccess title={reconnecting ? 'Reconnected' : 'Connected'}>
          <p>
            <strong>{connected.email}</strong> is {reconnecting ? 'reconnected' : 'connected'}.
            Inlet sent one test email through your Exchange server and{' '}
            {reconnecting ? 'carries on reading' : 'starts reading'} your Inbox and Sent Items now.
          </p>
          {connected.ewsUrl && (
            <dl className="connect-success__facts">
              <Fact term="Exchange server">
                <code className="server-list__url">{connected.ewsUrl}</code>
                {connected.serverVersion && (
                  <span className="server-list__meta"> · {connected.serverVersion}</span>
                )}
              </Fact>
              {connected.ruleFolders.length > 0 && (
                <Fact term="Also read (your inbox rules file mail there)">
                  {connected.ruleFolders.join(', ')}
                </Fact>
              )}
            </dl>
          )}
        </ConnectSuccess>
      ) : (
        <ConnectForm
          title={reconnecting ? 'Enter the password again' : 'Sign in to Exchange'}
          note={note}
          problem={problem}
          onSubmit={(event) => void onSubmit(event)}
        >
          <EmailAddressField
            id={fieldId('email')}
            value={values.email}
            error={fieldProblemText(errors.email)}
            onChangeEmail={props.mode === 'connect' ? props.onChangeEmail : undefined}
            typed={values.password !== ''}
          />
          <TextField
            label="Password"
            hint="The password you sign in to Windows or Outlook with."
            {...textField('password')}
            {...mailboxPasswordInput}
          />

          <Disclosure
            summary="Show optional fields"
            description={optionalFieldsSummary(values)}
            open={optionalOpen}
            onOpenChange={setOptionalOpen}
          >
            <TextField
              label="Username"
              hint={`Only if you sign in with another name than ${values.email}, for example user@corp.example or CORP\\jane.`}
              {...textField('username')}
              {...exactInput}
            />
            <TextField
              label="Exchange URL"
              hint="The address of your Exchange server, for example mail.example.com. Leave empty to let Inlet find it."
              placeholder="mail.example.com"
              {...textField('exchangeUrl')}
              {...exactInput}
            />
            {suggestion && (
              <FieldSuggestion
                label="Use the suggested address"
                note="Then select Connect again; nothing else needs re-typing."
                onUse={applySuggestion}
              />
            )}
          </Disclosure>

          <AccessDisclosure>
            <li>
              Reads your Inbox and Sent Items, and the folders your inbox rules file mail into, to
              log the replies you receive and send.
            </li>
            <li>
              Sends the email you write in Inlet through your Exchange server, from your address.
            </li>
            <li>Sends one test email while connecting, to check that sending works.</li>
            <li>Stores your password encrypted, and only uses it to connect to this server.</li>
            <li>Never deletes your mail.</li>
          </AccessDisclosure>

          <ConnectActions label={reconnecting ? 'Reconnect' : 'Connect'} busy={liveCheck.running}>
            {props.mode === 'connect' && (
              <button type="button" className="link-button" onClick={props.onChooseImap}>
                Use IMAP and SMTP instead
              </button>
            )}
          </ConnectActions>
        </ConnectForm>
      )}
    </ConnectLayout>
  );
}
