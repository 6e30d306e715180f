import type { ReactNode } from 'react';

/** One fact of a <dl>: the term and its value, grouped so the pair can be laid out as one. */
export function Fact({ term, children }: { term: ReactNode; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
