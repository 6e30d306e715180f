/**
 * Writes text to the clipboard. navigator.clipboard only exists in secure contexts (https or
 * localhost); a console opened over plain http on a LAN address falls back to a hidden textarea.
 */
export async function copyText(text: string): Promise<void> {
  if (typeof navigator !== 'undefined' && navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const textarea = document.createElement('textarea');
  textarea.value = text;
  textarea.setAttribute('readonly', '');
  textarea.style.position = 'fixed';
  textarea.style.opacity = '0';
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  document.body.append(textarea);
  textarea.select();
  try {
    // Deprecated, but the only synchronous copy left where the async Clipboard API is unavailable.
    if (!document.execCommand('copy')) throw new Error('The browser refused to copy.');
  } finally {
    textarea.remove();
    previous?.focus();
  }
}
