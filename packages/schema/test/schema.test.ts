import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLObjectType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadTypeDefs } from '../src/index.js';

const schema = buildSchema(loadTypeDefs());
const ownTypes = Object.values(schema.getTypeMap()).filter(
  (t) => !t.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(t.name),
);

function fieldsOf(
  type: GraphQLNamedType,
): readonly { name: string; description?: string | null }[] {
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))
    return Object.values(type.getFields());
  if (isEnumType(type)) return type.getValues();
  return [];
}

describe('merged schema', () => {
  it('documents every type, field and enum value (internal tools read it as documentation)', () => {
    const undocumented = ownTypes.flatMap((t) => [
      ...(t.description ? [] : [t.name]),
      ...fieldsOf(t)
        .filter((f) => !f.description)
        .map((f) => `${t.name}.${f.name}`),
    ]);
    expect(undocumented).toEqual([]);
  });

  it('never outputs a secret: no output field is named like a password, token value or key', () => {
    // The deliberate exceptions are shown once, to whoever created them, and stored only hashed: a new
    // API token, and a one-time set-password link made by an admin. A webhook signing secret is shown
    // once too (on creation and rotation), and stored encrypted, since Inlet signs with it.
    const allowed = new Set([
      'ApiTokenCreated.secret',
      'PasswordLink.secret',
      'WebhookEndpointCreated.secret',
      'WebhookSecretRotated.secret',
    ]);
    const leaks = ownTypes
      .filter((t) => isObjectType(t) || isInterfaceType(t))
      .flatMap((t) =>
        Object.values((t as GraphQLObjectType).getFields())
          .filter(
            (f) =>
              getNamedType(f.type).name === 'String' &&
              /pass(word)?|secret|token|refresh|privatekey/i.test(f.name),
          )
          .map((f) => `${t.name}.${f.name}`),
      )
      .filter((path) => !allowed.has(path));
    expect(leaks).toEqual([]);
  });

  it('makes every error type implement Error', () => {
    const errorInterface = schema.getType('Error');
    const errorTypes = ownTypes.filter(
      (t) => isObjectType(t) && /(Failed|Conflict|NotFound)$/.test(t.name),
    );
    expect(errorTypes.length).toBeGreaterThan(0);
    for (const t of errorTypes) {
      expect(
        isObjectType(t) && t.getInterfaces().includes(errorInterface as never),
        `${t.name} implements Error`,
      ).toBe(true);
    }
  });
});
