import { Alert, Button, Checkbox, RadioGroup, Select, TextField } from '@inlet/ui';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { ServerFields, type ServerField } from '@/components/server-fields';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import type { DomainSettingsKind, ExchangeUsage } from '@/gql/graphql';
import { exactInput } from '@/lib/exact-input';
import { describeError } from '@/lib/urql';
import { useFieldErrors } from '@/lib/use-field-errors';
import {
  emptyFormValues,
  firstInvalidField,
  formValuesFrom,
  placeFieldErrors,
  toDomainSettingsInput,
  type DomainSettingsFormValues,
  type FieldErrors,
  type FieldPath,
} from './domain-settings-form-model';
import { kindLabels, usageLabels } from './domain-settings-labels';
import {
  DomainSettings_ValidationFailedFragment,
  DomainSettingsTest,
} from './domain-settings-test';
import { portSecurityWarning } from '@/lib/mail-security';
import { SavedDomainSettings_Fragment } from './saved-domain-settings';

export const DomainSettingsForm_DomainSettingsFragment = graphql(`
  fragment DomainSettingsForm_DomainSettingsFragment on DomainSettings {
    id
    ...SavedDomainSettings_Fragment
  }
`);

const DomainSettingsForm_ResultFragment = graphql(`
  fragment DomainSettingsForm_ResultFragment on DomainSettingsResult {
    ... on DomainSettings {
      id
      domain
    }
    ...DomainSettings_ValidationFailedFragment
    ... on DomainSettingsConflict {
      message
      domain
      existingKind
      existingId
    }
    ... on NotFound {
      message
    }
  }
`);

const DomainSettingsForm_CreateMutation = graphql(`
  mutation DomainSettingsForm_CreateMutation($input: DomainSettingsInput!) {
    createDomainSettings(input: $input) {
      ...DomainSettingsForm_ResultFragment
    }
  }
`);

const DomainSettingsForm_UpdateMutation = graphql(`
  mutation DomainSettingsForm_UpdateMutation($id: ID!, $input: DomainSettingsInput!) {
    updateDomainSettings(id: $id, input: $input) {
      ...DomainSettingsForm_ResultFragment
    }
  }
`);

const DomainSettingsForm_DeleteMutation = graphql(`
  mutation DomainSettingsForm_DeleteMutation($id: ID!) {
    deleteDomainSettings(id: $id) {
      ... on DomainSettingsDeleted {
        id
        domain
      }
      ... on NotFound {
        message
      }
    }
  }
`);

const usageOptions = (['EMAIL', 'CALENDAR', 'EMAIL_AND_CALENDAR'] as const).map((value) => ({
  value,
  label: usageLabels[value],
}));
const kindOptions = [
  {
    value: 'IMAP',
    label: 'IMAP and SMTP',
    hint: 'Any mail server: IMAP for incoming, SMTP for outgoing mail.',
  },
  {
    value: 'EXCHANGE',
    label: 'Exchange',
    hint: 'On-premises Exchange 2010 SP2 or later, through EWS.',
  },
] as const satisfies readonly { value: DomainSettingsKind; label: string; hint: string }[];

interface Conflict {
  message: string;
  domain: string;
  existingKind: DomainSettingsKind;
}

export interface DomainSettingsFormProps {
  /** Saved settings to edit; without them the form creates new ones. */
  existing?: FragmentType<typeof DomainSettingsForm_DomainSettingsFragment>;
  onSaved(domain: string): void;
  onDeleted(domain: string): void;
  /** The domain already has settings: open those instead. */
  onEditExisting(domain: string): void;
  onCancel(): void;
}

export function DomainSettingsForm({
  existing: existingRef,
  onSaved,
  onDeleted,
  onEditExisting,
  onCancel,
}: DomainSettingsFormProps) {
  const existing = getFragmentData(DomainSettingsForm_DomainSettingsFragment, existingRef);
  const saved = getFragmentData(SavedDomainSettings_Fragment, existing);
  const formId = useId();
  const fieldId = (path: FieldPath) => `${formId}-${path.replace('.', '-')}`;

  const [values, setValues] = useState<DomainSettingsFormValues>(() =>
    saved ? formValuesFrom(saved) : emptyFormValues(),
  );
  const fieldErrors = useFieldErrors(fieldId, firstInvalidField);
  const { errors } = fieldErrors;
  const [problem, setProblem] = useState<{ title: string; messages: string[] } | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  // The EWS URL to use instead of an Outlook on the web URL, offered as a one-click fix.
  const [urlSuggestion, setUrlSuggestion] = useState<string | null>(null);

  const [{ fetching: creating }, create] = useMutation(DomainSettingsForm_CreateMutation);
  const [{ fetching: updating }, update] = useMutation(DomainSettingsForm_UpdateMutation);
  const [{ fetching: deleting }, remove] = useMutation(DomainSettingsForm_DeleteMutation);
  const saving = creating || updating;

  const domainRef = useRef<HTMLInputElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const conflictRef = useRef<HTMLDivElement>(null);

  // A form swapped in while the panel stays open (conflict -> edit the existing settings) takes focus itself.
  useEffect(() => {
    domainRef.current?.focus();
  }, []);

  useEffect(() => {
    if (confirmingDelete) keepRef.current?.focus();
  }, [confirmingDelete]);

  useEffect(() => {
    if (conflict) conflictRef.current?.querySelector('button')?.focus();
  }, [conflict]);

  const set = <K extends keyof DomainSettingsFormValues>(
    key: K,
    value: DomainSettingsFormValues[K],
    path: FieldPath,
  ) => {
    setValues((current) => ({ ...current, [key]: value }));
    fieldErrors.clear(path);
  };

  // The server fields are named by their input path under `imap`.
  const serverPath = (field: ServerField) => `imap.${field}` as const;
  const serverFields = {
    values,
    onChange(
      change: (current: DomainSettingsFormValues) => DomainSettingsFormValues,
      field: ServerField,
    ) {
      setValues(change);
      fieldErrors.clear(serverPath(field));
    },
    fieldId: (field: ServerField) => fieldId(serverPath(field)),
    error: (field: ServerField) => errors[serverPath(field)],
  };

  const showInvalid = (
    fields: readonly { field: string; message: string; suggestion?: string | null }[],
  ) => {
    const placed = placeFieldErrors(fields);
    showErrors(placed.errors, placed.unplaced);
    setUrlSuggestion(fields.find((f) => f.field === 'exchange.exchangeUrl')?.suggestion ?? null);
  };

  const testInput = () => {
    const checked = toDomainSettingsInput(values);
    if (checked.ok) return checked.input;
    showErrors(checked.errors);
    return undefined;
  };

  const showErrors = (next: FieldErrors, unplaced: string[] = []) => {
    fieldErrors.show(next);
    setProblem(
      unplaced.length > 0 ? { title: 'The settings were not saved', messages: unplaced } : null,
    );
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    setConflict(null);
    setProblem(null);
    setConfirmingDelete(false);
    const checked = toDomainSettingsInput(values);
    if (!checked.ok) {
      showErrors(checked.errors);
      return;
    }
    const result = existing
      ? await update({ id: existing.id, input: checked.input })
      : await create({ input: checked.input });
    const payload =
      result.data &&
      ('updateDomainSettings' in result.data
        ? result.data.updateDomainSettings
        : result.data.createDomainSettings);
    if (!payload) {
      setProblem({
        title: 'The settings were not saved',
        messages: [result.error ? describeError(result.error) : 'Try again.'],
      });
      return;
    }
    const outcome = getFragmentData(DomainSettingsForm_ResultFragment, payload);
    switch (outcome.__typename) {
      case 'DomainSettings':
        onSaved(outcome.domain);
        return;
      case 'ValidationFailed':
        showInvalid(getFragmentData(DomainSettings_ValidationFailedFragment, outcome).fields);
        return;
      case 'DomainSettingsConflict':
        fieldErrors.clearAll();
        setConflict({
          message: outcome.message,
          domain: outcome.domain,
          existingKind: outcome.existingKind,
        });
        return;
      case 'NotFound':
        setProblem({
          title: 'These settings no longer exist',
          messages: ['Someone may have deleted them. Close this panel and add them again.'],
        });
    }
  };

  const onDelete = async () => {
    if (!existing || !saved || deleting) return;
    const result = await remove({ id: existing.id });
    const outcome = result.data?.deleteDomainSettings;
    if (outcome?.__typename === 'DomainSettingsDeleted' || outcome?.__typename === 'NotFound') {
      onDeleted(saved.domain);
      return;
    }
    setConfirmingDelete(false);
    setProblem({
      title: 'The settings were not deleted',
      messages: [result.error ? describeError(result.error) : 'Try again.'],
    });
  };

  const isImap = values.kind === 'IMAP';
  return (
    <form className="settings-form" onSubmit={(event) => void onSubmit(event)} noValidate>
      {problem && (
        <Alert tone="danger" title={problem.title}>
          {problem.messages.length === 1 ? (
            <p>{problem.messages[0]}</p>
          ) : (
            <ul>
              {problem.messages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      {conflict && (
        <div ref={conflictRef}>
          <Alert
            tone="warning"
            title={`${conflict.domain} already has ${kindLabels[conflict.existingKind]} settings`}
            actions={
              <Button variant="primary" size="sm" onClick={() => onEditExisting(conflict.domain)}>
                Edit the {kindLabels[conflict.existingKind]} settings
              </Button>
            }
          >
            <p>{conflict.message}</p>
          </Alert>
        </div>
      )}

      <TextField
        ref={domainRef}
        id={fieldId('domain')}
        label="Domain"
        hint="The part of an email address after @, for example example.com."
        value={values.domain}
        onChange={(event) => set('domain', event.target.value, 'domain')}
        error={errors.domain}
        {...exactInput}
      />

      <RadioGroup
        legend="Server type"
        name={`${formId}-kind`}
        variant="inline"
        options={kindOptions}
        value={values.kind}
        onChange={(kind) => {
          set('kind', kind, 'kind');
          setConflict(null);
        }}
        error={errors.kind}
      />

      {isImap ? (
        <>
          <ServerFields server="imap" {...serverFields} />
          <ServerFields server="smtp" {...serverFields} />
          {[
            portSecurityWarning(values.imapPort, values.imapSecurity),
            portSecurityWarning(values.smtpPort, values.smtpSecurity),
          ].map(
            (warning, i) =>
              warning && (
                <Alert
                  key={i}
                  tone="warning"
                  title={i === 0 ? 'Incoming server' : 'Outgoing server'}
                >
                  <p>{warning}</p>
                </Alert>
              ),
          )}
          <Checkbox
            id={fieldId('imap.allowInsecureCertificate')}
            label="Allow non-secure certificate"
            hint="Accept a self-signed certificate or one issued for another name. Inlet remembers the certificate it sees first and refuses any other."
            checked={values.allowInsecureCertificate}
            onChange={(event) =>
              set('allowInsecureCertificate', event.target.checked, 'imap.allowInsecureCertificate')
            }
            error={errors['imap.allowInsecureCertificate']}
          />
          <Checkbox
            id={fieldId('imap.allowLegacyTls')}
            label="Allow legacy TLS 1.0/1.1"
            hint="Only for servers that offer nothing newer. TLS 1.0 and 1.1 are outdated and protect mail less well; users of this domain get this option ticked in their connect form."
            checked={values.allowLegacyTls}
            onChange={(event) => set('allowLegacyTls', event.target.checked, 'imap.allowLegacyTls')}
            error={errors['imap.allowLegacyTls']}
          />
        </>
      ) : (
        <fieldset className="form-section">
          <legend className="form-section__legend">Exchange server</legend>
          <TextField
            id={fieldId('exchange.exchangeUrl')}
            label="Exchange URL"
            hint="The EWS address, for example https://mail.example.com/EWS/Exchange.asmx."
            type="url"
            value={values.exchangeUrl}
            onChange={(event) => {
              set('exchangeUrl', event.target.value, 'exchange.exchangeUrl');
              setUrlSuggestion(null);
            }}
            error={errors['exchange.exchangeUrl']}
            autoComplete="off"
            spellCheck={false}
          />
          {urlSuggestion && (
            <Button
              size="sm"
              onClick={() => {
                set('exchangeUrl', urlSuggestion, 'exchange.exchangeUrl');
                setUrlSuggestion(null);
              }}
            >
              Use {urlSuggestion}
            </Button>
          )}
          <Select<ExchangeUsage>
            id={fieldId('exchange.usage')}
            label="Usage"
            options={usageOptions}
            value={values.usage}
            onChange={(usage) => set('usage', usage, 'exchange.usage')}
            error={errors['exchange.usage']}
          />
        </fieldset>
      )}

      <DomainSettingsTest input={testInput} onInvalid={showInvalid} />

      {saved && confirmingDelete && (
        <Alert
          tone="danger"
          title={`Delete the settings for ${saved.domain}?`}
          actions={
            <>
              <Button variant="danger" size="sm" busy={deleting} onClick={() => void onDelete()}>
                Delete settings
              </Button>
              <Button ref={keepRef} size="sm" onClick={() => setConfirmingDelete(false)}>
                Keep them
              </Button>
            </>
          }
        >
          <p>Addresses at {saved.domain} will have their servers detected automatically instead.</p>
        </Alert>
      )}

      <div className="form-actions">
        <Button type="submit" variant="primary" busy={saving}>
          {existing ? 'Save changes' : 'Save'}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
        {existing && !confirmingDelete && (
          <Button
            variant="ghost"
            className="form-actions__delete"
            onClick={() => setConfirmingDelete(true)}
          >
            Delete…
          </Button>
        )}
      </div>
    </form>
  );
}
