import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, type ButtonProps } from './button';
import { copyText } from './copy-text';

export interface CopyButtonProps extends Omit<ButtonProps, 'onClick' | 'children'> {
  /** The text to copy, or a function computing it at click time. */
  text: string | (() => string);
  children?: ReactNode;
  /** Called after the text is on the clipboard, to announce it (for example in an aria-live region). */
  onCopied?: (text: string) => void;
  onCopyFailed?: (error: unknown) => void;
}

/** Copies text and briefly shows a check mark; announcing the result is up to `onCopied`. */
export function CopyButton({
  text,
  children = 'Copy',
  onCopied,
  onCopyFailed,
  size = 'sm',
  ...rest
}: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    const value = typeof text === 'function' ? text() : text;
    try {
      await copyText(value);
    } catch (error) {
      onCopyFailed?.(error);
      return;
    }
    setCopied(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setCopied(false), 2000);
    onCopied?.(value);
  };

  return (
    <Button size={size} {...rest} onClick={() => void copy()} data-copied={copied || undefined}>
      <span className="ui-copy-button__icon" aria-hidden="true">
        {copied ? (
          <svg viewBox="0 0 16 16" width="14" height="14">
            <path
              d="M3 8.5l3 3 7-7"
              stroke="currentColor"
              strokeWidth="1.8"
              fill="none"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
        ) : (
          <svg viewBox="0 0 16 16" width="14" height="14">
            <rect
              x="5.5"
              y="5.5"
              width="8"
              height="8"
              rx="1.5"
              stroke="currentColor"
              strokeWidth="1.4"
              fill="none"
            />
            <path
              d="M10.5 3.5v-.5a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h.5"
              stroke="currentColor"
              strokeWidth="1.4"
              fill="none"
            />
          </svg>
        )}
      </span>
      {children}
    </Button>
  );
}
