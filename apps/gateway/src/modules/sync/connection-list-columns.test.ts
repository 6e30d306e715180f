import { Kind, parse, type FragmentDefinitionNode, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { connectionListColumns } from './connection-list-columns.js';

/** The resolve info of `connectedEmails` in this operation (only what the function reads). */
function infoOf(source: string): GraphQLResolveInfo {
  const document = parse(source);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  let field;
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    if (d.kind === Kind.OPERATION_DEFINITION) field = d.selectionSet.selections[0];
  }
  return { fieldNodes: [field], fragments } as unknown as GraphQLResolveInfo;
}

describe('connectionListColumns', () => {
  it('reads only the columns of the fields a list page selects, through fragments', () => {
    const columns = connectionListColumns(
      infoOf(`query {
        connectedEmails(first: 50) {
          totalCount
          pageInfo { endCursor }
          edges { cursor node { __typename id email ...Row ... on Connection { status } } }
        }
      }
      fragment Row on Connection { owner { name } lastError { code } createdAt }`),
    );
    expect(columns).toEqual(['id', 'created_at', 'email', 'user_id', 'last_error_json', 'status']);
  });

  it('reads the whole row when any other field is selected', () => {
    for (const field of ['imapSettings { username }', 'folders { path }', 'history { status }'])
      expect(
        connectionListColumns(
          infoOf(`query { connectedEmails { edges { node { email ${field} } } } }`),
        ),
      ).toBe('all');
    expect(
      connectionListColumns(
        infoOf(
          `query { connectedEmails { edges { node { ...F } } } } fragment F on Connection { exchangeSettings { ewsUrl } }`,
        ),
      ),
    ).toBe('all');
  });
});
