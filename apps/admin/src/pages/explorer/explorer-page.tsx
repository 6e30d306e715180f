import { PageHeader } from '@inlet/ui';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import 'graphiql/style.css';
import './explorer.css';

/**
 * Every request goes to the gateway's own /graphql, same origin, so the console's session cookie
 * rides along: the explorer acts as the signed-in user, with their role (no token to paste).
 */
const fetcher: GraphiQLProps['fetcher'] = async (params) => {
  const response = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return response.json();
};

const firstQuery = `# Queries run as you, with your session. Ctrl+Enter runs; the docs are on the left.
query Me {
  viewer {
    user {
      email
      role
    }
  }
}
`;

/**
 * A GraphQL explorer (GraphiQL, bundled from npm: no CDN) for development only: lazy-pages.ts
 * registers it in `vite` dev builds, and production builds leave it, and GraphiQL, out.
 */
export function ExplorerPage() {
  return (
    <>
      <PageHeader
        title="GraphQL explorer"
        description="Development only: the API internal tools use (docs/api.md), as you."
      />
      <div className="explorer">
        <GraphiQL fetcher={fetcher} defaultQuery={firstQuery} />
      </div>
    </>
  );
}
