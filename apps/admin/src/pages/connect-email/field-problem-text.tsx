import type { ReactNode } from 'react';
import type { FieldProblem } from './imap-connect-form-model';

/** A gateway problem next to its field: what went wrong, then what to do (and the corrected value it offers, if any). */
export function fieldProblemText(
  problem: FieldProblem | undefined,
  suggestion?: string,
): ReactNode {
  if (!problem) return undefined;
  return (
    <span className="field-problem">
      <span className="field-problem__message">{problem.message}</span>
      {problem.hint && <span className="field-problem__hint"> {problem.hint}</span>}
      {suggestion && (
        <span className="field-problem__hint">
          {' '}
          Use <code className="server-list__url">{suggestion}</code> instead.
        </span>
      )}
    </span>
  );
}
