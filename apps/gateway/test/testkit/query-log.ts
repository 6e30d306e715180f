import {
  SelectQueryNode,
  TableNode,
  type KyselyPlugin,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** A Kysely plugin that records the table each query reads (its first FROM), to count queries without timing them. */
export class QueryLog implements KyselyPlugin {
  readonly tables: string[] = [];

  transformQuery({ node }: { node: RootOperationNode }): RootOperationNode {
    const from = SelectQueryNode.is(node) ? node.from?.froms[0] : undefined;
    this.tables.push(from && TableNode.is(from) ? from.table.identifier.name : node.kind);
    return node;
  }

  async transformResult({
    result,
  }: {
    result: QueryResult<UnknownRow>;
  }): Promise<QueryResult<UnknownRow>> {
    return result;
  }

  /** How many of the recorded queries read `table`. */
  reads(table: string): number {
    return this.tables.filter((t) => t === table).length;
  }
}
