import { useEffect } from 'react';
import { Provider as UrqlProvider } from 'urql';
import { ConsoleRoutes } from './components/console-routes';
import { useConsoleSession } from './lib/use-console-session';

export function App() {
  const { client, generation } = useConsoleSession();
  // When React first committed (for a prerendered page: when it became interactive), for timings.
  useEffect(() => {
    performance.mark('inlet:react-ready');
  }, []);
  return (
    <UrqlProvider value={client}>
      {/* Remount per session: nothing rendered for the previous user survives, not even a stale `viewer`. */}
      <ConsoleRoutes key={generation} />
    </UrqlProvider>
  );
}
