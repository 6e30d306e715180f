import type { ReactNode } from 'react';
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
