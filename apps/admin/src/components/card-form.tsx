import type { FormEvent, ReactNode } from 'react';

export interface CardFormProps {
  /** The form's accessible name, for example "Change password". */
  label: string;
  /** The card's heading, for example "Password". */
  title: string;
  /** Classes besides `card settings-form`. */
  className?: string;
  onSubmit(event: FormEvent<HTMLFormElement>): Promise<void>;
  children: ReactNode;
}

/** A settings form on a card under its heading; the form checks its own fields (no browser validation). */
export function CardForm({ label, title, className, onSubmit, children }: CardFormProps) {
  return (
    <form
      className={className ? `card settings-form ${className}` : 'card settings-form'}
      aria-label={label}
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h2 className="section-title">{title}</h2>
      {children}
    </form>
  );
}
