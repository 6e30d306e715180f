export type CopyFormat = 'rules' | 'lines' | 'comma';

export const copyFormatLabels: Record<CopyFormat, string> = {
  rules: 'Firewall rules (CIDR with comments)',
  lines: 'One per line',
  comma: 'Comma-separated',
};

/** One labelled list of entries: a protocol of a data center ("SMTP, Europe (Frankfurt)"). */
export interface LabelledEntries {
  label: string;
  values: readonly string[];
}

/** A single address as the CIDR of one address (203.0.113.10/32, 2001:db8::1/128); ranges as they are. */
export function toCidr(value: string): string {
  if (value.includes('/')) return value;
  return `${value}/${value.includes(':') ? 128 : 32}`;
}

/**
 * What goes on the clipboard. Firewall rules: a comment line saying what the addresses below are for,
 * then one CIDR per line; an entry already listed under an earlier label is named in the comment
 * instead of being repeated. Otherwise the plain values, one per line or comma-separated.
 */
export function copyText(groups: readonly LabelledEntries[], format: CopyFormat): string {
  if (format !== 'rules') {
    const values = [...new Set(groups.flatMap((group) => group.values))];
    return values.join(format === 'lines' ? '\n' : ', ');
  }
  const listed = new Set<string>();
  const lines: string[] = [];
  for (const group of groups) {
    const fresh = group.values.map(toCidr).filter((cidr) => !listed.has(cidr));
    const repeated = [...new Set(group.values.map(toCidr).filter((cidr) => listed.has(cidr)))];
    lines.push(
      `# Inlet ${group.label}${repeated.length > 0 ? `; also ${repeated.join(', ')} (listed above)` : ''}`,
    );
    for (const cidr of new Set(fresh)) {
      lines.push(cidr);
      listed.add(cidr);
    }
  }
  return lines.join('\n');
}

/** The confirmation read out after copying, for example "Copied 3 addresses (SMTP, Europe (Frankfurt)) as firewall rules." */
export function copiedMessage(
  entries: readonly { value: string; isRange: boolean }[],
  format: CopyFormat,
  label?: string,
): string {
  const [only] = entries;
  const what = label ? ` (${label})` : '';
  const how =
    format === 'rules'
      ? 'as firewall rules'
      : format === 'lines'
        ? 'one per line'
        : 'comma-separated';
  if (entries.length === 1 && only) return `Copied ${only.value}${what}.`;
  const anyRange = entries.some((entry) => entry.isRange);
  const noun = anyRange ? 'entries' : 'addresses';
  return `Copied ${entries.length} ${noun}${what}, ${how}.`;
}

const STORAGE_KEY = 'inlet.ipAllowlist.copyFormat';

export function loadCopyFormat(): CopyFormat {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored === 'comma' || stored === 'lines' ? stored : 'rules';
  } catch {
    return 'rules';
  }
}

export function saveCopyFormat(format: CopyFormat): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, format);
  } catch {
    // Private mode or storage disabled: the choice just is not remembered.
  }
}
