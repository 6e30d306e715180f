import {
  getNamedType,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type GraphQLCompositeType,
  type GraphQLField,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';

export interface QueryCostOptions {
  maxCost: number;
  /** What a `first: $variable` may ask for at most (the page-size limit): validation cannot see the value. */
  maxPageSize: number;
}

/**
 * The number of objects an operation can return, counted before it runs: a field whose type is an
 * object costs 1 for each time it can be resolved, and a field with a `first` argument (a page) makes
 * everything under it count `first` times (its literal, a variable's default, or, for a variable
 * without one, the largest page the API serves; omitted, the field's SDL default). Scalars are free:
 * reading five columns of a row costs what reading one does. So a query costs about the rows it reads:
 * `contacts(first: 5) { edges { node { timeline(first: 20) { edges { node { ... } } } } } }` is a few
 * hundred, `contacts(first: 200) { ... timeline(first: 200) ... }` is 80,000.
 */
export function operationCost(
  context: ValidationContext,
  operation: OperationDefinitionNode,
  maxPageSize: number,
): number {
  const schema = context.getSchema();
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const variableDefaults = new Map(
    (operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, v.defaultValue]),
  );
  const pageSize = (value: ValueNode | undefined, fallback: unknown): number => {
    if (value?.kind === Kind.VARIABLE) {
      const byDefault = variableDefaults.get(value.name.value);
      return byDefault?.kind === Kind.INT ? Number(byDefault.value) : maxPageSize;
    }
    if (value?.kind === Kind.INT) return Number(value.value);
    return typeof fallback === 'number' ? fallback : 1;
  };
  const fragmentsOnPath = new Set<string>();

  const costOf = (set: SelectionSetNode, parent: GraphQLCompositeType, times: number): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.selectionSet) continue;
        const field: GraphQLField<unknown, unknown> | undefined =
          isObjectType(parent) || isInterfaceType(parent)
            ? parent.getFields()[selection.name.value]
            : undefined;
        const type = field && getNamedType(field.type);
        if (!field || !isCompositeType(type)) continue; // unknown fields are another rule's error
        const first = field.args.find((a) => a.name === 'first');
        const each = first
          ? pageSize(
              selection.arguments?.find((a) => a.name.value === 'first')?.value,
              first.defaultValue,
            )
          : 1;
        cost += times + costOf(selection.selectionSet, type, times * Math.max(each, 1));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parent;
        if (isCompositeType(type)) cost += costOf(selection.selectionSet, type, times);
      } else {
        const name = selection.name.value;
        const fragment = context.getFragment(name);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !isCompositeType(type) || fragmentsOnPath.has(name)) continue; // cycles: NoFragmentCyclesRule
        fragmentsOnPath.add(name);
        cost += costOf(fragment.selectionSet, type, times);
        fragmentsOnPath.delete(name);
      }
    }
    return cost;
  };
  return costOf(operation.selectionSet, root, 1);
}

/** Refuses an operation that can return more than `maxCost` objects (see operationCost). */
export function queryCostRule({ maxCost, maxPageSize }: QueryCostOptions): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const cost = operationCost(context, operation, maxPageSize);
      if (cost > maxCost)
        context.reportError(
          new GraphQLError(
            `This operation could return about ${cost} objects, more than the limit of ${maxCost}: ` +
              'ask for smaller pages (first) or fewer nested lists, and page with cursors.',
            { nodes: operation },
          ),
        );
    },
  });
}
