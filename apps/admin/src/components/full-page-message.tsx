import { Button } from '@inlet/ui';

export interface FullPageMessageProps {
  title: string;
  message?: string;
  onRetry?: () => void;
}

/** Loading and start-up failure, before the console knows who is signed in. */
export function FullPageMessage({ title, message, onRetry }: FullPageMessageProps) {
  return (
    <main className="full-page">
      <div className="full-page__card" role={onRetry ? 'alert' : 'status'}>
        <p className="full-page__title">{title}</p>
        {message && <p className="full-page__message">{message}</p>}
        {onRetry && (
          <Button variant="primary" onClick={onRetry}>
            Try again
          </Button>
        )}
      </div>
    </main>
  );
}
