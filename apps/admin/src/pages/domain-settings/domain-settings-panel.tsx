import { Alert, SidePanel } from '@inlet/ui';
import { useQuery } from 'urql';
import { graphql } from '@/gql';
import { describeError } from '@/lib/urql';
import { DomainSettingsForm, type DomainSettingsFormProps } from './domain-settings-form';

const DomainSettingsPanel_Query = graphql(`
  query DomainSettingsPanel_Query($domain: String!) {
    domainSettings(domain: $domain) {
      id
      ...DomainSettingsForm_DomainSettingsFragment
    }
  }
`);

export type DomainSettingsPanelTarget = { kind: 'new' } | { kind: 'existing'; domain: string };

type FormCallbacks = Omit<DomainSettingsFormProps, 'existing'>;

export interface DomainSettingsPanelProps extends FormCallbacks {
  target: DomainSettingsPanelTarget | null;
  returnFocusTo?: () => HTMLElement | null;
}

/** The add/edit side panel. It stays open when a conflict sends the admin to the existing settings. */
export function DomainSettingsPanel({
  target,
  returnFocusTo,
  ...callbacks
}: DomainSettingsPanelProps) {
  return (
    <SidePanel
      open={target !== null}
      onClose={callbacks.onCancel}
      returnFocusTo={returnFocusTo}
      title={target?.kind === 'existing' ? `Edit ${target.domain}` : 'Add domain settings'}
      description={
        target?.kind === 'existing'
          ? 'Changes apply to addresses connected from now on.'
          : 'Preconfigure the servers for every address at one email domain.'
      }
    >
      {target?.kind === 'new' && <DomainSettingsForm key="new" {...callbacks} />}
      {target?.kind === 'existing' && (
        <ExistingDomainSettings key={target.domain} domain={target.domain} {...callbacks} />
      )}
    </SidePanel>
  );
}

function ExistingDomainSettings({ domain, ...callbacks }: FormCallbacks & { domain: string }) {
  // Always read fresh: the form keeps what it starts with, and someone may have changed it meanwhile.
  const [{ data, error }] = useQuery({
    query: DomainSettingsPanel_Query,
    variables: { domain },
    requestPolicy: 'network-only',
  });
  if (error && !data)
    return (
      <Alert tone="danger" title="The settings could not be loaded">
        {describeError(error)}
      </Alert>
    );
  if (!data)
    return (
      <p role="status" className="muted">
        Loading the settings for {domain}…
      </p>
    );
  if (!data.domainSettings) {
    return (
      <Alert tone="warning" title={`${domain} has no settings any more`}>
        Someone may have deleted them. Close this panel and add them again.
      </Alert>
    );
  }
  return <DomainSettingsForm existing={data.domainSettings} {...callbacks} />;
}
