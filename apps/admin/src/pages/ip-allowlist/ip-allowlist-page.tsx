import { Badge, CopyButton, EmptyState, PageHeader, RadioGroup } from '@inlet/ui';
import { useState } from 'react';
import { useQuery } from 'urql';
import { QueryStatus } from '@/components/query-status';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import type { IpAllowlistDataCenter_EgressDataCenterFragmentFragment } from '@/gql/graphql';
import {
  copiedMessage,
  copyFormatLabels,
  copyText,
  loadCopyFormat,
  saveCopyFormat,
  type CopyFormat,
  type LabelledEntries,
} from './copy-format';
import { IpAllowlistGroup } from './ip-allowlist-group';

const IpAllowlistDataCenter_EgressDataCenterFragment = graphql(`
  fragment IpAllowlistDataCenter_EgressDataCenterFragment on EgressDataCenter {
    id
    name
    groups {
      protocol
      entries {
        value
        isRange
      }
      ...IpAllowlistGroup_EgressGroupFragment
    }
  }
`);

type DataCenter = IpAllowlistDataCenter_EgressDataCenterFragmentFragment;

/** Each protocol of a data center as a labelled list ("SMTP, Europe (Frankfurt)"), in page order. */
function labelledGroups(dataCenter: DataCenter): LabelledEntries[] {
  return dataCenter.groups.map((group) => ({
    label: `${group.protocol}, ${dataCenter.name}`,
    values: group.entries.map((entry) => entry.value),
  }));
}

const IpAllowlistPage_Query = graphql(`
  query IpAllowlistPage_Query {
    ipAllowlist {
      allEntries
      dataCenters {
        id
        ...IpAllowlistDataCenter_EgressDataCenterFragment
      }
    }
  }
`);

const formatOptions = (['rules', 'lines', 'comma'] as const).map((value) => ({
  value,
  label: copyFormatLabels[value],
}));

const exampleFile = `# Inlet egress addresses
[eu-central] Europe (Frankfurt)
smtp  203.0.113.10
imap  203.0.113.0/28
https 2001:db8:10::/48`;

export function IpAllowlistPage({ canManageWorkspace }: { canManageWorkspace: boolean }) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: IpAllowlistPage_Query });
  const [format, setFormat] = useState<CopyFormat>(loadCopyFormat);
  const [status, setStatus] = useState<{ tone: 'success' | 'danger'; message: string } | null>(
    null,
  );

  const allowlist = data?.ipAllowlist;
  const onCopied = (message: string) => setStatus({ tone: 'success', message });
  const onCopyFailed = () =>
    setStatus({
      tone: 'danger',
      message: 'The browser did not allow copying. Select the addresses and copy them by hand.',
    });

  const hasEntries = (allowlist?.allEntries.length ?? 0) > 0;
  return (
    <>
      <PageHeader
        title="IP allowlist"
        description="Inlet connects to mail servers from these addresses. Give them to the IT team that runs the firewall in front of your mail server."
      />

      <QueryStatus
        error={error}
        loading={!allowlist && fetching}
        failedTitle="The IP allowlist could not be loaded"
        loadingText="Loading the IP allowlist…"
        reexecute={reexecute}
      />

      {allowlist && !hasEntries && (
        <EmptyState title="No IP allowlist is configured">
          <p>
            The operator of this Inlet deployment lists the addresses Inlet connects from in a file
            and sets <code>INLET_IP_ALLOWLIST_FILE</code> to its path. Until then there is nothing
            to allowlist.
          </p>
          {canManageWorkspace && (
            <>
              <p>
                The file names each data center, then one protocol and address or CIDR range per
                line:
              </p>
              <pre className="code-block">{exampleFile}</pre>
            </>
          )}
        </EmptyState>
      )}

      {allowlist && hasEntries && (
        <>
          <div className="toolbar toolbar--copy">
            <RadioGroup
              legend="Copy format"
              name="copy-format"
              variant="segmented"
              options={formatOptions}
              value={format}
              onChange={(next) => {
                setFormat(next);
                saveCopyFormat(next);
              }}
            />
            <CopyButton
              variant="primary"
              size="md"
              text={() =>
                copyText(
                  allowlist.dataCenters.flatMap((dataCenter) =>
                    labelledGroups(
                      getFragmentData(IpAllowlistDataCenter_EgressDataCenterFragment, dataCenter),
                    ),
                  ),
                  format,
                )
              }
              onCopied={() =>
                onCopied(
                  copiedMessage(
                    allowlist.allEntries.map((value) => ({ value, isRange: value.includes('/') })),
                    format,
                  ),
                )
              }
              onCopyFailed={onCopyFailed}
            >
              Copy all addresses
            </CopyButton>
            <div role="status" aria-live="polite" className="status-region">
              {status && (
                <span className={`status-message status-message--${status.tone}`}>
                  {status.message}
                </span>
              )}
            </div>
          </div>
          <p className="muted summary-line">
            {allowlist.dataCenters.length}{' '}
            {allowlist.dataCenters.length === 1 ? 'data center' : 'data centers'} ·{' '}
            {allowlist.allEntries.length} distinct{' '}
            {allowlist.allEntries.length === 1 ? 'entry' : 'entries'}
          </p>
          {allowlist.dataCenters.map((dataCenter) => (
            <IpAllowlistDataCenter
              key={dataCenter.id}
              dataCenter={dataCenter}
              format={format}
              onCopied={onCopied}
              onCopyFailed={onCopyFailed}
            />
          ))}
        </>
      )}
    </>
  );
}

interface IpAllowlistDataCenterProps {
  dataCenter: FragmentType<typeof IpAllowlistDataCenter_EgressDataCenterFragment>;
  format: CopyFormat;
  onCopied(message: string): void;
  onCopyFailed(): void;
}

function IpAllowlistDataCenter({ dataCenter: dataCenterRef, ...copy }: IpAllowlistDataCenterProps) {
  const dataCenter = getFragmentData(IpAllowlistDataCenter_EgressDataCenterFragment, dataCenterRef);
  const headingId = `data-center-${dataCenter.id}`;
  const entries = dataCenter.groups.flatMap((group) => group.entries);
  const distinct = entries.filter(
    (entry, i) => entries.findIndex((other) => other.value === entry.value) === i,
  );
  return (
    <section className="card data-center" aria-labelledby={headingId}>
      <header className="data-center__header">
        <h2 id={headingId} className="data-center__title">
          {dataCenter.name}
        </h2>
        <Badge>{dataCenter.id}</Badge>
        <CopyButton
          className="data-center__copy"
          text={() => copyText(labelledGroups(dataCenter), copy.format)}
          aria-label={`Copy list: ${dataCenter.name}`}
          onCopied={() => copy.onCopied(copiedMessage(distinct, copy.format, dataCenter.name))}
          onCopyFailed={copy.onCopyFailed}
        >
          Copy data center
        </CopyButton>
      </header>
      <div className="data-center__groups">
        {dataCenter.groups.map((group) => (
          <IpAllowlistGroup
            key={group.protocol}
            group={group}
            dataCenterName={dataCenter.name}
            {...copy}
          />
        ))}
      </div>
    </section>
  );
}
