import { Provider as UrqlProvider } from 'urql';
import { ConsoleRoutes } from './components/console-routes';
import { useConsoleSession } from './lib/use-console-session';

export function App() {
  const { client, generation } = useConsoleSession();
  return (
    <UrqlProvider value={client}>
      {/* Remount per session: nothing rendered for the previous user survives, not even a stale `viewer`. */}
      <ConsoleRoutes key={generation} />
    </UrqlProvider>
  );
}
