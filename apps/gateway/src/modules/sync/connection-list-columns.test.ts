import { Kind, parse, type FragmentDefinitionNode, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { USER_COLUMNS } from '../connection/prefetched-owner.js';
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
    expect(columns).toEqual({
      connection: ['id', 'created_at', 'email', 'user_id', 'last_error_json', 'status'],
      owner: ['id', 'name'],
    });
  });

  it('reads only the owner columns its fields need, the whole user for any other field, none when no owner is asked', () => {
    const ownerOf = (fields: string) =>
      connectionListColumns(
        infoOf(`query { connectedEmails { edges { node { email owner { ${fields} } } } } }`),
      ).owner;
    expect(ownerOf('id name email')).toEqual(['id', 'name', 'email']);
    expect(ownerOf('role seat createdAt deactivatedAt connectionCount')).toEqual([
      'id',
      'role',
      'seat',
      'created_at',
      'deactivated_at',
    ]);
    // A User field this list does not know: every column, as the user loader reads them.
    expect(ownerOf('email futureField')).toEqual([...USER_COLUMNS]);
    expect(ownerOf('... on User { __typename }')).toEqual(['id']);
    expect(
      connectionListColumns(infoOf(`query { connectedEmails { edges { node { email } } } }`)).owner,
    ).toBeUndefined();
  });

  it('works the columns out once per operation, and again for other field nodes', () => {
    const info = infoOf(`query { connectedEmails { edges { node { email } } } }`);
    const once = connectionListColumns(info);
    expect(connectionListColumns({ ...info } as GraphQLResolveInfo)).toBe(once);
    // The same node merged with another one (a fragment elsewhere in the document): worked out for both.
    const other = infoOf(`query { connectedEmails { edges { node { status owner { name } } } } }`);
    const merged = connectionListColumns({
      ...info,
      fieldNodes: [...info.fieldNodes, ...other.fieldNodes],
    } as GraphQLResolveInfo);
    expect(merged).toEqual({
      connection: ['id', 'created_at', 'email', 'status', 'user_id'],
      owner: ['id', 'name'],
    });
  });

  it('reads the whole row when any other field is selected', () => {
    for (const field of ['imapSettings { username }', 'folders { path }', 'history { status }'])
      expect(
        connectionListColumns(
          infoOf(`query { connectedEmails { edges { node { email ${field} } } } }`),
        ).connection,
      ).toBe('all');
    expect(
      connectionListColumns(
        infoOf(
          `query { connectedEmails { edges { node { ...F } } } } fragment F on Connection { exchangeSettings { ewsUrl } }`,
        ),
      ).connection,
    ).toBe('all');
  });
});
