import { Alert, Checkbox, Disclosure, TextField } from '@inlet/ui';
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { ServerFields, type ServerField } from '@/components/server-fields';
import { connectionServers, endpointOf } from '@/components/server-list';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import { exactInput, mailboxPasswordInput } from '@/lib/exact-input';
import { securityLabels, type MailServer } from '@/lib/mail-security';
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
import { fieldProblemText } from './field-problem-text';
import { useConnectSubmit } from './use-connect-submit';
import {
  fieldForProblem,
  firstInvalidField,
  formValuesFromSettings,
  initialFormValues,
  needsAdvancedOptions,
  toConnectImapInput,
  withSameCredentials,
  type FieldErrors,
  type ImapFormField,
  type ImapFormValues,
} from './imap-connect-form-model';

export const ImapConnectForm_DetectionFragment = graphql(`
  fragment ImapConnectForm_DetectionFragment on ProviderDetection {
    email
    source
    allowInsecureCertificate
    allowLegacyTls
    imap {
      ...ServerList_EndpointFragment
    }
    smtp {
      ...ServerList_EndpointFragment
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
      ...ConnectionServerList_SettingsFragment
      smtpSameCredentials
      smtpUsername
      trustAnyCertificate
      allowLegacyTls
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
    ...ConnectOutcome_ProblemFragment
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

function serverSummary(values: ImapFormValues): string {
  if (!values.imapHost.trim() || !values.smtpHost.trim())
    return 'Enter the incoming (IMAP) and outgoing (SMTP) servers here.';
  return `IMAP ${values.imapHost.trim()}:${values.imapPort.trim()} (${securityLabels[values.imapSecurity]}) · SMTP ${values.smtpHost.trim()}:${values.smtpPort.trim()} (${securityLabels[values.smtpSecurity]})`;
}

export type ImapConnectFormProps =
  | {
      mode: 'connect';
      email: string;
      /** The user typed `email` in this flow (not a link's): leaving asks even with nothing else typed. */
      emailTyped: boolean;
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
  const detection =
    props.mode === 'connect'
      ? getFragmentData(ImapConnectForm_DetectionFragment, props.detection)
      : null;
  const reconnecting =
    props.mode === 'reconnect'
      ? getFragmentData(ImapConnectForm_ConnectionFragment, props.connection)
      : null;
  // Reconnect with separate SMTP credentials: their password is kept unless typed again.
  const storedSmtpUsername =
    reconnecting?.imapSettings && !reconnecting.imapSettings.smtpSameCredentials
      ? reconnecting.imapSettings.smtpUsername
      : null;
  const formId = useId();
  const fieldId = (field: ImapFormField) => `${formId}-${field}`;

  const [startValues] = useState<ImapFormValues>(() =>
    reconnecting?.imapSettings
      ? formValuesFromSettings(reconnecting.email, {
          ...reconnecting.imapSettings,
          ...connectionServers(reconnecting.imapSettings),
        })
      : initialFormValues(
          props.mode === 'connect' ? props.email : (reconnecting?.email ?? ''),
          detection && {
            ...detection,
            imap: endpointOf(detection.imap),
            smtp: endpointOf(detection.smtp),
          },
        ),
  );
  const [values, setValues] = useState(startValues);
  const fieldErrors = useFieldErrors(fieldId, firstInvalidField);
  const { errors } = fieldErrors;
  // Open from the start when there is nothing to prefill: the servers must be typed.
  const [advancedOpen, setAdvancedOpen] = useState(() => !values.imapHost || !values.smtpHost);
  const [connectedEmail, setConnectedEmail] = useState<string | null>(null);
  const [, connect] = useMutation(ImapConnectForm_ConnectMutation);
  const [, reconnect] = useMutation(ImapConnectForm_ReconnectMutation);
  // Something typed (the address at the step before, a password, a server) and not saved yet: leaving asks first.
  useConnectLeaveGuard(
    connectedEmail === null &&
      ((props.mode === 'connect' && props.emailTyped) || changedFrom(values, startValues)),
  );

  const showErrors = (next: FieldErrors) => {
    fieldErrors.show(next);
    if (needsAdvancedOptions(next)) setAdvancedOpen(true);
  };
  const { liveCheck, problem, setProblem, suggestion, dropSuggestion, submit } = useConnectSubmit({
    kind: 'IMAP',
    fieldOf: (field) => fieldForProblem(field, values),
    valueOf: (field: ImapFormField) => String(values[field]),
    showErrors,
    onConnected(outcome: { email: string }) {
      // Nothing secret stays in memory once the connection is saved.
      setValues((current) => ({ ...current, password: '', smtpPassword: '' }));
      setConnectedEmail(outcome.email);
    },
  });

  const update = (change: (current: ImapFormValues) => ImapFormValues, field: ImapFormField) => {
    setValues(change);
    fieldErrors.clear(field);
    dropSuggestion(field);
  };
  const set = <K extends ImapFormField>(key: K, value: ImapFormValues[K]) =>
    update((current) => ({ ...current, [key]: value }), key);

  /** Checks (and saves) these values: the form's, or the form's with a suggestion taken. */
  const check = async (checking: ImapFormValues) => {
    if (liveCheck.inFlight()) return;
    setProblem(null);
    const checked = toConnectImapInput(checking, undefined, storedSmtpUsername);
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
        ('reconnectImap' in result.data ? result.data.reconnectImap : result.data.connectImap);
      return {
        outcome: payload && getFragmentData(ImapConnectForm_ResultFragment, payload),
        error: result.error,
      };
    }, checking.email.trim());
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void check(values);
  };

  // The server name its certificate is for (or another corrected value): filled in, and checked again at once.
  const applySuggestion = () => {
    if (!suggestion) return;
    const next = { ...values, [suggestion.field]: suggestion.value };
    set(suggestion.field, suggestion.value);
    void check(next);
  };
  // Next to the server's fields: "Use mail.example.net" for a certificate issued for that name.
  const suggestionFor = (server: MailServer) =>
    suggestion?.field.startsWith(server) && (
      <FieldSuggestion label={`Use ${suggestion.value}`} onUse={applySuggestion} />
    );

  // What a field takes from its name: id, value, change handler and the problem to show at it.
  const textField = (field: 'password' | 'username' | 'smtpUsername' | 'smtpPassword') => ({
    id: fieldId(field),
    value: values[field],
    onChange: (event: ChangeEvent<HTMLInputElement>) => set(field, event.target.value),
    error: fieldProblemText(errors[field]),
  });
  const checkbox = (field: 'trustAnyCertificate' | 'allowLegacyTls' | 'inboxAutomation') => ({
    id: fieldId(field),
    checked: values[field],
    onChange: (event: ChangeEvent<HTMLInputElement>) => set(field, event.target.checked),
    error: fieldProblemText(errors[field]),
  });
  const serverError = (field: ServerField) =>
    fieldProblemText(errors[field], suggestion?.field === field ? suggestion.value : undefined);
  const note = reconnecting
    ? {
        title: 'Your saved settings',
        body: 'Enter the current password. Inlet checks it with your servers before replacing the saved one; the inbox keeps its history. Change the servers under Advanced options if they moved.',
      }
    : detection
      ? detectionSourceNote(detection.source, domainOf(detection.email))
      : {
          title: 'Enter your server settings',
          body: "Your email provider's help pages list them. Inlet checks them before saving anything.",
        };

  return (
    <ConnectLayout kind="IMAP" check={liveCheck.check}>
      {connectedEmail ? (
        <ConnectSuccess title={reconnecting ? 'Reconnected' : 'Connected'}>
          <p>
            <strong>{connectedEmail}</strong> is {reconnecting ? 'reconnected' : 'connected'}. Inlet
            sent one test email through your server and{' '}
            {reconnecting ? 'carries on reading' : 'starts reading'} your Inbox and Sent folders
            now.
          </p>
        </ConnectSuccess>
      ) : (
        <ConnectForm
          title={reconnecting ? 'Enter the password again' : 'Sign in to your mailbox'}
          note={{
            title: note.title,
            body: (
              <>
                {note.body}
                {detection?.allowInsecureCertificate &&
                  ' Your administrator allows these servers to use their own certificate.'}
              </>
            ),
          }}
          problem={problem}
          onSubmit={onSubmit}
        >
          <EmailAddressField
            id={fieldId('email')}
            value={values.email}
            error={fieldProblemText(errors.email)}
            onChangeEmail={props.mode === 'connect' ? props.onChangeEmail : undefined}
            typed={values.password !== '' || values.smtpPassword !== ''}
          />
          <TextField
            label="Password"
            hint="The password of this mailbox, or an app password if two-step verification is on."
            {...textField('password')}
            {...mailboxPasswordInput}
          />

          <Disclosure
            summary="Advanced options"
            description={serverSummary(values)}
            open={advancedOpen}
            onOpenChange={setAdvancedOpen}
          >
            <TextField
              label="Username"
              hint={`Leave empty to sign in as ${values.email}.`}
              {...textField('username')}
              {...exactInput}
            />
            <ServerFields
              server="imap"
              values={values}
              onChange={update}
              fieldId={fieldId}
              error={serverError}
            >
              {suggestionFor('imap')}
            </ServerFields>
            <ServerFields
              server="smtp"
              values={values}
              onChange={update}
              fieldId={fieldId}
              error={serverError}
            >
              {suggestionFor('smtp')}
              <Checkbox
                id={fieldId('smtpSameCredentials')}
                label="Outgoing mail uses the same credentials as incoming"
                checked={values.smtpSameCredentials}
                onChange={(event) => {
                  const same = event.target.checked;
                  update((current) => withSameCredentials(current, same), 'smtpSameCredentials');
                }}
                error={fieldProblemText(errors.smtpSameCredentials)}
              />
              {!values.smtpSameCredentials && (
                <>
                  <TextField
                    label="SMTP username"
                    hint="Often the same as your email address."
                    {...textField('smtpUsername')}
                    {...exactInput}
                  />
                  <TextField
                    label="SMTP password"
                    hint={
                      storedSmtpUsername && values.smtpUsername.trim() === storedSmtpUsername
                        ? 'Leave empty to keep the current password.'
                        : undefined
                    }
                    {...textField('smtpPassword')}
                    {...mailboxPasswordInput}
                  />
                </>
              )}
            </ServerFields>
            <Checkbox
              label="Trust any certificate"
              hint="Only for a server with its own (self-signed) certificate. Inlet pins the certificate it sees now and refuses any other later, so a swapped certificate stops the connection instead of receiving your password."
              {...checkbox('trustAnyCertificate')}
            />
            <Checkbox
              label="Allow legacy TLS 1.0/1.1"
              hint="Only for an old server that offers nothing newer. TLS 1.0 and 1.1 are outdated: your password and mail are less well protected on the way."
              {...checkbox('allowLegacyTls')}
            />
            {values.allowLegacyTls && (
              <Alert tone="warning" title="Outdated encryption allowed">
                <p>
                  Inlet will accept TLS 1.0 and 1.1 from these servers. Ask your email provider or
                  IT team to enable TLS 1.2 or later, then turn this off.
                </p>
              </Alert>
            )}
            <Checkbox
              label="Turn on inbox automation"
              hint="Lets Inlet's automation act on new mail in this inbox. Off unless you turn it on."
              {...checkbox('inboxAutomation')}
            />
          </Disclosure>

          <AccessDisclosure>
            <li>Reads your Inbox and Sent folders, to log the replies you receive and send.</li>
            <li>Sends the email you write in Inlet through your own server, from your address.</li>
            <li>Sends one test email while connecting, to check that sending works.</li>
            <li>Stores your password encrypted, and only uses it to connect to these servers.</li>
            <li>Never deletes your mail.</li>
          </AccessDisclosure>

          <ConnectActions label={reconnecting ? 'Reconnect' : 'Connect'} busy={liveCheck.running} />
        </ConnectForm>
      )}
    </ConnectLayout>
  );
}
