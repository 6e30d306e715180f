import { Badge, CopyButton } from '@inlet/ui';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import type { EgressProtocol } from '@/gql/graphql';
import { describeAddressCount } from './address-count';
import { copiedMessage, copyText, type CopyFormat } from './copy-format';

export const IpAllowlistGroup_EgressGroupFragment = graphql(`
  fragment IpAllowlistGroup_EgressGroupFragment on EgressGroup {
    protocol
    entries {
      value
      ipVersion
      isRange
      addressCount
    }
  }
`);

export const protocolDescriptions: Record<EgressProtocol, string> = {
  SMTP: 'Sending mail',
  IMAP: 'Reading and syncing mail',
  HTTPS: 'Exchange (EWS) and Google or Microsoft sign-in',
};

export interface IpAllowlistGroupProps {
  group: FragmentType<typeof IpAllowlistGroup_EgressGroupFragment>;
  dataCenterName: string;
  format: CopyFormat;
  onCopied(message: string): void;
  onCopyFailed(): void;
}

export function IpAllowlistGroup({
  group: groupRef,
  dataCenterName,
  format,
  onCopied,
  onCopyFailed,
}: IpAllowlistGroupProps) {
  const group = getFragmentData(IpAllowlistGroup_EgressGroupFragment, groupRef);
  const label = `${group.protocol}, ${dataCenterName}`;
  const values = group.entries.map((entry) => entry.value);
  return (
    <div className="egress-group">
      <header className="egress-group__header">
        <div>
          <h3 className="egress-group__title">{group.protocol}</h3>
          <p className="egress-group__description">{protocolDescriptions[group.protocol]}</p>
        </div>
        <CopyButton
          text={() => copyText([{ label, values }], format)}
          aria-label={`Copy list: ${label}`}
          onCopied={() => onCopied(copiedMessage(group.entries, format, label))}
          onCopyFailed={onCopyFailed}
        >
          Copy list
        </CopyButton>
      </header>
      <ul className="egress-entries">
        {group.entries.map((entry) => {
          const count = entry.isRange ? describeAddressCount(entry.addressCount) : undefined;
          return (
            <li key={entry.value} className="egress-entry">
              <div className="egress-entry__main">
                <code className="egress-entry__value">{entry.value}</code>
                <Badge>IPv{entry.ipVersion}</Badge>
                {count && (
                  <span className="egress-entry__count">
                    {count.exponent === undefined ? (
                      count.text
                    ) : (
                      <>
                        <span aria-hidden="true">
                          2<sup>{count.exponent}</sup> {count.noun}
                        </span>
                        <span className="ui-visually-hidden">{count.spoken}</span>
                      </>
                    )}
                  </span>
                )}
              </div>
              <CopyButton
                variant="ghost"
                text={entry.value}
                aria-label={`Copy ${entry.value}`}
                onCopied={() => onCopied(copiedMessage([entry], format))}
                onCopyFailed={onCopyFailed}
              >
                Copy
              </CopyButton>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
