/**
 * A polite live region for what an action did ("Saved the settings for example.com."): always in
 * the page so screen readers hear each new message, and showing its mark only once there is one.
 */
export function StatusMessage({ message }: { message: string | null | undefined }) {
  return (
    <div role="status" className="status-region">
      {message && <span className="status-message">{message}</span>}
    </div>
  );
}
