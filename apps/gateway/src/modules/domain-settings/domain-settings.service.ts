import { randomUUID } from 'node:crypto';
import { normalizeEmailDomain } from '@inlet/providers';
import type { Kysely } from 'kysely';
import type { DomainSettingsInput, ResolversTypes } from '../../__generated__/resolvers-types.js';
import type { GatewayServices } from '../../gateway-services.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { Database } from '../../db/schema.js';
import type { DomainSettingsRow } from '../../db/tables/domain-settings.table.js';
import { notFound, validationFailed, type FieldProblem } from '../../validation.js';
import { recordAudit } from '../audit/audit-log.js';
import type { ViewerModel } from '../identity/viewer.js';
import {
  checkServerAddresses,
  validateDomainSettings,
  type DomainSettingsValues,
} from './domain-settings.validation.js';
import { findDomainSettings } from '../../mail/domain-hosts.js';

type Result = ResolversTypes['DomainSettingsResult'];

const kindLabel = { IMAP: 'IMAP', EXCHANGE: 'Exchange' } as const;

function conflict(existing: DomainSettingsRow, requestedKind: DomainSettingsRow['kind']): Result {
  const existingLabel = kindLabel[existing.kind];
  const message =
    existing.kind === requestedKind
      ? `${existing.domain} already has ${existingLabel} settings. Edit them instead.`
      : `${existing.domain} already has ${existingLabel} settings. A domain has IMAP or Exchange settings, never both: edit or delete the ${existingLabel} settings first.`;
  return {
    __typename: 'DomainSettingsConflict',
    code: 'DOMAIN_SETTINGS_CONFLICT',
    message,
    domain: existing.domain,
    existingKind: existing.kind,
    existingId: existing.id,
  };
}

/** The input's column values, or its problems: every field, then (for non-super admins) where the servers are. */
export async function validatedDomainSettings(
  services: GatewayServices,
  viewer: ViewerModel,
  input: DomainSettingsInput,
): Promise<{ values: DomainSettingsValues } | { problems: FieldProblem[] }> {
  const checked = validateDomainSettings(input);
  if (!checked.ok) return { problems: checked.problems };
  if (viewer.user.role !== 'SUPER_ADMIN') {
    const problems = await checkServerAddresses(checked.values, services.mailNetwork.lookup);
    if (problems.length > 0) return { problems };
  }
  return { values: checked.values };
}

/** Two admins saved the same domain at once: the unique index decided, report the winner. */
function conflictOnRace(services: GatewayServices, values: DomainSettingsValues) {
  return async (err: unknown): Promise<Result> => {
    const existing = isUniqueViolation(err)
      ? await findDomainSettings(services.db, values.domain)
      : undefined;
    if (existing) return conflict(existing, values.kind);
    throw err;
  };
}

export async function createDomainSettings(
  services: GatewayServices,
  viewer: ViewerModel,
  input: DomainSettingsInput,
): Promise<Result> {
  const checked = await validatedDomainSettings(services, viewer, input);
  if ('problems' in checked) return validationFailed(checked.problems);
  const { values } = checked;
  const now = new Date().toISOString();
  const row: DomainSettingsRow = {
    ...values,
    id: randomUUID(),
    created_at: now,
    updated_at: now,
    updated_by: viewer.user.id,
  };

  const result = await services.db
    .transaction()
    .execute(async (trx): Promise<Result> => {
      const existing = await findDomainSettings(trx, values.domain);
      if (existing) return conflict(existing, values.kind);
      await trx.insertInto('domain_settings').values(row).execute();
      await recordAudit(trx, viewer, {
        action: 'domainSettings.create',
        targetType: 'DomainSettings',
        targetId: row.id,
        before: null,
        after: row,
      });
      return { __typename: 'DomainSettings', ...row };
    })
    .catch(conflictOnRace(services, values));
  if (result.__typename === 'DomainSettings')
    services.pubsub.publish('domainSettingsChanged', {
      change: 'CREATED',
      id: row.id,
      domain: row.domain,
    });
  return result;
}

export async function updateDomainSettings(
  services: GatewayServices,
  viewer: ViewerModel,
  id: string,
  input: DomainSettingsInput,
): Promise<Result> {
  const checked = await validatedDomainSettings(services, viewer, input);
  if ('problems' in checked) return validationFailed(checked.problems);
  const { values } = checked;

  const result = await services.db
    .transaction()
    .execute(async (trx): Promise<Result> => {
      const before = await trx
        .selectFrom('domain_settings')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!before) return notFound('These domain settings');
      if (values.domain !== before.domain) {
        const other = await findDomainSettings(trx, values.domain);
        if (other) return conflict(other, values.kind);
      }
      const after: DomainSettingsRow = {
        ...before,
        ...values,
        updated_at: new Date().toISOString(),
        updated_by: viewer.user.id,
      };
      await trx.updateTable('domain_settings').set(after).where('id', '=', id).execute();
      await recordAudit(trx, viewer, {
        action: 'domainSettings.update',
        targetType: 'DomainSettings',
        targetId: id,
        before,
        after,
      });
      return { __typename: 'DomainSettings', ...after };
    })
    .catch(conflictOnRace(services, values));
  if (result.__typename === 'DomainSettings')
    services.pubsub.publish('domainSettingsChanged', {
      change: 'UPDATED',
      id,
      domain: result.domain,
    });
  return result;
}

export async function deleteDomainSettings(
  services: GatewayServices,
  viewer: ViewerModel,
  id: string,
): Promise<ResolversTypes['DeleteDomainSettingsResult']> {
  const deleted = await services.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('domain_settings')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!before) return undefined;
    await trx.deleteFrom('domain_settings').where('id', '=', id).execute();
    await recordAudit(trx, viewer, {
      action: 'domainSettings.delete',
      targetType: 'DomainSettings',
      targetId: id,
      before,
      after: null,
    });
    return before;
  });
  if (!deleted) return notFound('These domain settings');
  services.pubsub.publish('domainSettingsChanged', {
    change: 'DELETED',
    id,
    domain: deleted.domain,
  });
  return { __typename: 'DomainSettingsDeleted', id, domain: deleted.domain };
}
