import { useId, type ReactNode } from 'react';
import { cx } from './class-names';

export interface DisclosureProps {
  /** The button's text, for example "Advanced options". */
  summary: ReactNode;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  children: ReactNode;
  /** A line under the button, visible while closed too (what is inside). */
  description?: ReactNode;
  className?: string;
}

/**
 * Shows and hides a section (WAI-ARIA disclosure: a button with aria-expanded controlling a region).
 * Controlled, so a form can open it itself, for example to show an error on a field inside it.
 * The content stays mounted while closed (hidden), so nothing typed in it is lost.
 */
export function Disclosure({
  summary,
  open,
  onOpenChange,
  children,
  description,
  className,
}: DisclosureProps) {
  const id = useId();
  const contentId = `${id}-content`;
  const descriptionId = description ? `${id}-description` : undefined;
  return (
    <div className={cx('ui-disclosure', open && 'ui-disclosure--open', className)}>
      <button
        type="button"
        className="ui-disclosure__button"
        aria-expanded={open}
        aria-controls={contentId}
        aria-describedby={descriptionId}
        onClick={() => onOpenChange(!open)}
      >
        <span className="ui-disclosure__chevron" aria-hidden="true" />
        {summary}
      </button>
      {description && (
        <p id={descriptionId} className="ui-disclosure__description">
          {description}
        </p>
      )}
      <div id={contentId} className="ui-disclosure__content" hidden={!open}>
        {children}
      </div>
    </div>
  );
}
