import { Alert, Button } from '@inlet/ui';
import { StatusMessage } from './status-message';

export interface FormSubmitProps {
  label: string;
  busy: boolean;
  /** Why the last submit failed, shown above the button under `problemTitle`. */
  problem?: string | null;
  problemTitle?: string;
  /** What the last submit did ("Google OAuth app saved."), beside the button; nothing until then. */
  saved?: string;
  /** `bar`: the footer bar of a card or panel form; `inline` (default): a row under the fields. */
  layout?: 'bar' | 'inline';
}

/** The end of a form: its problem, if any, then the submit button and what the last save did. */
export function FormSubmit({
  label,
  busy,
  problem,
  problemTitle,
  saved,
  layout = 'inline',
}: FormSubmitProps) {
  return (
    <>
      {problem && (
        <Alert tone="danger" title={problemTitle}>
          {problem}
        </Alert>
      )}
      <div className={layout === 'bar' ? 'form-actions' : 'connect-form__actions'}>
        <Button type="submit" variant="primary" busy={busy}>
          {label}
        </Button>
        {saved !== undefined && <StatusMessage message={saved} />}
      </div>
    </>
  );
}
