import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { cx } from './class-names';

export interface SidePanelProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  /** Sticky actions at the bottom (Save, Cancel). */
  footer?: ReactNode;
  /** Where focus goes when the panel closes if the element that opened it is gone. */
  returnFocusTo?: () => HTMLElement | null;
  /**
   * `first-field` (default): the element marked `data-autofocus`, else the first field of the body.
   * `panel`: the dialog itself, so its title and description are read first (for a panel that shows
   * details and loads them after opening).
   */
  initialFocus?: 'first-field' | 'panel';
  className?: string;
}

const focusableSelector = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** A radio group is one tab stop: an unchecked radio is skipped when another of its group is checked. */
function isTabStop(el: HTMLElement, root: Element): boolean {
  if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || el.checked || el.name === '')
    return true;
  return root.querySelector(`input[type="radio"][name="${CSS.escape(el.name)}"]:checked`) === null;
}

function focusablesIn(root: Element | null): HTMLElement[] {
  if (!root) return [];
  return [...root.querySelectorAll<HTMLElement>(focusableSelector)].filter((el) =>
    isTabStop(el, root),
  );
}

/**
 * A modal dialog sliding in from the right. Focus moves into it when it opens (the first field of
 * its body, an element marked `data-autofocus`, or the dialog itself), stays in it while open, and goes back to
 * whatever opened it when it closes. Escape and the backdrop close it.
 */
export function SidePanel({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  returnFocusTo,
  initialFocus = 'first-field',
  className,
}: SidePanelProps) {
  const id = useId();
  const titleId = `${id}-title`;
  const descriptionId = `${id}-description`;
  const panelRef = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  const returnFocusRef = useRef(returnFocusTo);
  useEffect(() => {
    onCloseRef.current = onClose;
    returnFocusRef.current = returnFocusTo;
  });

  // A layout effect: it must note the opener before any child's effect moves focus.
  useLayoutEffect(() => {
    if (!open) return;
    const panel = panelRef.current;
    if (!panel) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const body = panel.querySelector('.ui-side-panel__body');
    const initial =
      initialFocus === 'panel'
        ? panel
        : (panel.querySelector<HTMLElement>('[data-autofocus]') ?? focusablesIn(body)[0] ?? panel);
    initial.focus();

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onCloseRef.current();
        return;
      }
      if (event.key !== 'Tab') return;
      const focusables = focusablesIn(panel);
      const first = focusables[0];
      const last = focusables.at(-1);
      if (!first || !last) {
        event.preventDefault();
        return;
      }
      const active = document.activeElement;
      if (event.shiftKey && (active === first || !panel.contains(active))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (active === last || !panel.contains(active))) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    const { overflow } = document.body.style;
    document.body.style.overflow = 'hidden';
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.body.style.overflow = overflow;
      const target = opener?.isConnected ? opener : returnFocusRef.current?.();
      target?.focus();
    };
  }, [open]);

  if (!open) return null;
  return (
    <div className="ui-side-panel-layer">
      <div
        className="ui-side-panel-backdrop"
        aria-hidden="true"
        onClick={() => onCloseRef.current()}
      />
      <div
        ref={panelRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        className={cx('ui-side-panel', className)}
      >
        <header className="ui-side-panel__header">
          <div>
            <h2 id={titleId} className="ui-side-panel__title">
              {title}
            </h2>
            {description && (
              <p id={descriptionId} className="ui-side-panel__description">
                {description}
              </p>
            )}
          </div>
          <button
            type="button"
            className="ui-icon-button"
            aria-label="Close"
            onClick={() => onCloseRef.current()}
          >
            <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
              <path
                d="M3.5 3.5l9 9m0-9l-9 9"
                stroke="currentColor"
                strokeWidth="1.6"
                strokeLinecap="round"
                fill="none"
              />
            </svg>
          </button>
        </header>
        <div className="ui-side-panel__body">{children}</div>
        {footer && <footer className="ui-side-panel__footer">{footer}</footer>}
      </div>
    </div>
  );
}
