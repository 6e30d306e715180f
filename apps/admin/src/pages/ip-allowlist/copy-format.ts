export type CopyFormat = 'lines' | 'comma';

export const copyFormatLabels: Record<CopyFormat, string> = {
  lines: 'One per line',
  comma: 'Comma-separated',
};

/** What goes on the clipboard: firewall forms take one entry per line or a comma-separated list. */
export function joinEntries(values: readonly string[], format: CopyFormat): string {
  return values.join(format === 'lines' ? '\n' : ', ');
}

/** The confirmation read out after copying, for example "Copied 3 addresses, one per line." */
export function copiedMessage(
  entries: readonly { value: string; isRange: boolean }[],
  format: CopyFormat,
): string {
  const [only] = entries;
  if (entries.length === 1 && only) return `Copied ${only.value}.`;
  const anyRange = entries.some((entry) => entry.isRange);
  const noun = anyRange ? 'entries' : 'addresses';
  return `Copied ${entries.length} ${noun}, ${format === 'lines' ? 'one per line' : 'comma-separated'}.`;
}

const STORAGE_KEY = 'inlet.ipAllowlist.copyFormat';

export function loadCopyFormat(): CopyFormat {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'comma' ? 'comma' : 'lines';
  } catch {
    return 'lines';
  }
}

export function saveCopyFormat(format: CopyFormat): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, format);
  } catch {
    // Private mode or storage disabled: the choice just is not remembered.
  }
}
