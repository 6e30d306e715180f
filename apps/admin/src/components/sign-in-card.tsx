import { Alert, Button } from '@inlet/ui';
import type { FormEvent, ReactNode } from 'react';
import { BrandMark } from './brand-mark';

/** The card of the signed-out pages (sign in, set password): the brand, the page's heading, its content. */
export function SignInCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="sign-in">
      <div className="sign-in__card">
        <div className="brand brand--large" aria-hidden="true">
          <BrandMark />
          <span className="brand__name">Inlet</span>
        </div>
        <h1 className="sign-in__title">{title}</h1>
        {children}
      </div>
    </main>
  );
}

export interface SignInFormProps {
  onSubmit(event: FormEvent<HTMLFormElement>): Promise<void>;
  /** Why the last submit failed, above the fields under `problemTitle`. */
  problem: string | null;
  problemTitle: string;
  submitLabel: string;
  busy: boolean;
  disabled: boolean;
  children: ReactNode;
}

/** The form of a signed-out page: the last submit's problem, the fields, then the one submit button. */
export function SignInForm({
  onSubmit,
  problem,
  problemTitle,
  submitLabel,
  busy,
  disabled,
  children,
}: SignInFormProps) {
  return (
    <form className="sign-in__form" onSubmit={(event) => void onSubmit(event)} noValidate>
      {problem && (
        <Alert tone="danger" title={problemTitle}>
          {problem}
        </Alert>
      )}
      {children}
      <Button
        type="submit"
        variant="primary"
        busy={busy}
        disabled={disabled}
        className="sign-in__submit"
      >
        {submitLabel}
      </Button>
    </form>
  );
}
