import { Alert } from '@inlet/ui';
import type { ReactNode } from 'react';

/** What went wrong with a form's request: a title, details and, if any, what to do about it. */
export interface Problem {
  tone?: 'danger' | 'warning';
  title: string;
  body?: ReactNode;
  action?: ReactNode;
}

/** The problem as an alert: role="alert" announces it, so focus can stay on the submit button, one key from trying again. */
export function ProblemAlert({ problem }: { problem: Problem | null }) {
  if (!problem) return null;
  return (
    <Alert tone={problem.tone ?? 'danger'} title={problem.title} actions={problem.action}>
      {problem.body}
    </Alert>
  );
}

/** ValidationFailed messages for no field of the form, titled by its message; null when every message found its field. */
export function unplacedProblem(title: string, unplaced: readonly string[]): Problem | null {
  if (unplaced.length === 0) return null;
  return {
    title,
    body: (
      <ul>
        {unplaced.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    ),
  };
}
