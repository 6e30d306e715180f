import { Client } from '@urql/core';
import { renderToString } from 'react-dom/server';
import { Provider as UrqlProvider } from 'urql';
import { SignInPage } from './pages/sign-in-page';

// The sign-in page as HTML, rendered when the console is built (vite.config.ts): the gateway serves it
// for /sign-in, so the form paints before any script runs, and React hydrates it (console-routes.tsx
// renders the same form first). Nothing is fetched here: the client has no exchanges.

export function renderSignInPage(): string {
  const client = new Client({ url: '/graphql', exchanges: [] });
  return renderToString(
    <UrqlProvider value={client}>
      <SignInPage endedBecause={null} />
    </UrqlProvider>,
  );
}
