import { Badge, CopyButton, PageHeader, TextField } from '@inlet/ui';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { QueryStatus } from '@/components/query-status';
import { getFragmentData, graphql } from '@/gql';
import type { OAuthAppSource, OAuthAppsPage_AppFragmentFragment } from '@/gql/graphql';
import { describeError } from '@/lib/urql';
import { oauthProviderNames } from '@/pages/connect-email/oauth-connect-model';
import {
  firstInvalid,
  placeOAuthAppErrors,
  validateOAuthAppForm,
  type OAuthAppErrors,
  type OAuthAppField,
} from './oauth-app-form-model';
import { FormSubmit } from '@/components/form-submit';
import { unplacedMessage, validationFailure } from '@/lib/validation-failed';

// What the page shows of an app, from the list and as saved.
const OAuthAppsPage_AppFragment = graphql(`
  fragment OAuthAppsPage_AppFragment on OAuthApp {
    provider
    configured
    source
    clientId
    clientSecretConfigured
    redirectUrl
    scopes
    updatedAt
  }
`);

const OAuthAppsPage_Query = graphql(`
  query OAuthAppsPage_Query {
    oauthApps {
      ...OAuthAppsPage_AppFragment
    }
  }
`);

const OAuthAppsPage_SetMutation = graphql(`
  mutation OAuthAppsPage_SetMutation(
    $provider: OAuthProvider!
    $clientId: String!
    $clientSecret: String!
  ) {
    setOAuthApp(provider: $provider, clientId: $clientId, clientSecret: $clientSecret) {
      __typename
      ... on OAuthApp {
        ...OAuthAppsPage_AppFragment
      }
      ...ValidationFailed_FieldsFragment
    }
  }
`);

const sourceLabels: Record<OAuthAppSource, string> = {
  SETTINGS: 'Saved here',
  ENVIRONMENT: "From the gateway's environment",
  NONE: 'Not configured',
};

/** Super admins: the Google and Microsoft OAuth apps users connect their mailboxes through. */
export function OAuthAppsPage() {
  const [{ data, error }, reexecute] = useQuery({
    query: OAuthAppsPage_Query,
    requestPolicy: 'cache-and-network',
  });
  return (
    <>
      <PageHeader
        title="OAuth apps"
        description="Users connect Gmail and Microsoft 365 mailboxes through these apps. Register Inlet's redirect URL with the provider, then save the client ID and secret here."
      />
      <QueryStatus
        error={data ? undefined : error}
        loading={!data}
        failedTitle="The OAuth apps could not be loaded"
        loadingText="Loading the OAuth apps…"
        reexecute={reexecute}
      />
      {data && (
        <div className="oauth-apps">
          {getFragmentData(OAuthAppsPage_AppFragment, data.oauthApps).map((app) => (
            <OAuthAppForm key={app.provider} app={app} />
          ))}
        </div>
      )}
    </>
  );
}

function OAuthAppForm({ app }: { app: OAuthAppsPage_AppFragmentFragment }) {
  const id = useId();
  const name = oauthProviderNames[app.provider];
  const [values, setValues] = useState({ clientId: app.clientId ?? '', clientSecret: '' });
  const [errors, setErrors] = useState<OAuthAppErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  const [{ fetching: saving }, save] = useMutation(OAuthAppsPage_SetMutation);
  const inputs = useRef<Partial<Record<OAuthAppField, HTMLInputElement | null>>>({});

  const showErrors = (next: OAuthAppErrors) => {
    setErrors(next);
    const first = firstInvalid(next);
    if (first) inputs.current[first]?.focus();
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setProblem(null);
    setSaved('');
    const invalid = validateOAuthAppForm(values, app.clientSecretConfigured);
    if (firstInvalid(invalid)) return showErrors(invalid);
    setErrors({});
    const result = await save({
      provider: app.provider,
      clientId: values.clientId.trim(),
      clientSecret: values.clientSecret.trim(),
    });
    const outcome = result.data?.setOAuthApp;
    if (outcome?.__typename === 'OAuthApp') {
      const stored = getFragmentData(OAuthAppsPage_AppFragment, outcome);
      setValues({ clientId: stored.clientId ?? '', clientSecret: '' });
      setSaved(`${name} OAuth app saved.`);
      return;
    }
    if (outcome?.__typename === 'ValidationFailed') {
      const failed = validationFailure(outcome);
      const placed = placeOAuthAppErrors(failed.fields);
      showErrors(placed.errors);
      setProblem(unplacedMessage(failed.message, placed.unplaced, !!firstInvalid(placed.errors)));
      return;
    }
    setProblem(result.error ? describeError(result.error) : 'Try again.');
  };

  return (
    <form
      className="card settings-form oauth-app"
      aria-labelledby={`${id}-heading`}
      onSubmit={(e) => void onSubmit(e)}
      noValidate
    >
      <div className="oauth-app__header">
        <h2 id={`${id}-heading`} className="section-title">
          {name}
        </h2>
        <Badge tone={app.configured ? 'success' : 'warning'}>
          {app.configured ? 'Configured' : 'Not configured'}
        </Badge>
      </div>
      <dl className="oauth-app__facts">
        <div>
          <dt>Source</dt>
          <dd>{sourceLabels[app.source]}</dd>
        </div>
        <div>
          <dt>Redirect URL</dt>
          <dd>
            <code>{app.redirectUrl}</code>{' '}
            <CopyButton text={app.redirectUrl} aria-label={`Copy the ${name} redirect URL`} />
          </dd>
        </div>
        <div>
          <dt>Permissions</dt>
          <dd>{app.scopes.join(' · ')}</dd>
        </div>
      </dl>
      <TextField
        ref={(el) => {
          inputs.current.clientId = el;
        }}
        label="Client ID"
        value={values.clientId}
        autoComplete="off"
        spellCheck={false}
        error={errors.clientId}
        onChange={(e) => setValues((v) => ({ ...v, clientId: e.target.value }))}
      />
      <TextField
        ref={(el) => {
          inputs.current.clientSecret = el;
        }}
        label="Client secret"
        type="password"
        autoComplete="new-password"
        value={values.clientSecret}
        placeholder={app.clientSecretConfigured ? 'Configured (hidden)' : ''}
        hint={
          app.clientSecretConfigured
            ? 'A secret is configured. Inlet never shows it; type a new one to replace it.'
            : 'Write-only: Inlet stores it encrypted and never shows it.'
        }
        error={errors.clientSecret}
        onChange={(e) => setValues((v) => ({ ...v, clientSecret: e.target.value }))}
      />
      <FormSubmit
        label={`Save ${name}`}
        busy={saving}
        problem={problem}
        problemTitle={`The ${name} OAuth app was not saved`}
        saved={saved}
      />
    </form>
  );
}
