import { randomUUID } from 'node:crypto';
import type { ResolversTypes, SequenceInput } from '../../__generated__/resolvers-types.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { SequenceRow } from '../../db/tables/sequence.table.js';
import { notFound, validationFailed } from '../../validation.js';
import type { ViewerModel } from '../identity/viewer.js';
import { ownConnection } from '../sync/connection-access.js';
import { mayEditSequence } from './sequence-access.js';
import { sequenceProblems } from './sequence.validation.js';

type Result = ResolversTypes['SequenceResult'];

/** Creates a sequence owned by the viewer, sent from one of their connections. */
export async function createSequence(
  services: GatewayServices,
  viewer: ViewerModel,
  input: SequenceInput,
): Promise<Result> {
  return save(services, viewer.user.id, null, input);
}

/** Replaces a sequence's settings and steps; its owner's connection sends. */
export async function updateSequence(
  services: GatewayServices,
  viewer: ViewerModel,
  id: string,
  input: SequenceInput,
): Promise<Result> {
  const existing = await services.db
    .selectFrom('sequences')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!existing || !mayEditSequence(viewer, existing)) return notFound('This sequence');
  return save(services, existing.owner_user_id, existing, input);
}

async function save(
  services: GatewayServices,
  ownerId: string,
  existing: SequenceRow | null,
  input: SequenceInput,
): Promise<Result> {
  const problems = sequenceProblems(input);
  const connection = await ownConnection(services.db, ownerId, input.connectionId)
    .select('id')
    .executeTakeFirst();
  if (!connection)
    problems.push({
      field: 'connectionId',
      message: 'Choose one of the owner’s connected inboxes to send from.',
    });
  if (problems.length > 0) return validationFailed(problems);

  const now = new Date().toISOString();
  const row: SequenceRow = {
    id: existing?.id ?? randomUUID(),
    owner_user_id: ownerId,
    name: input.name.trim(),
    shared: input.shared ? 1 : 0,
    connection_id: input.connectionId,
    time_zone: input.timeZone,
    window_start_minute: input.windowStartMinute ?? 540,
    window_end_minute: input.windowEndMinute ?? 1020,
    business_days_only: (input.businessDaysOnly ?? true) ? 1 : 0,
    stop_on_auto_reply: input.stopOnAutoReply ? 1 : 0,
    created_at: existing?.created_at ?? now,
    updated_at: now,
  };
  await services.db.transaction().execute(async (trx) => {
    if (existing) {
      const { id, created_at: _c, ...changes } = row;
      await trx.updateTable('sequences').set(changes).where('id', '=', id).execute();
      await trx.deleteFrom('sequence_steps').where('sequence_id', '=', id).execute();
    } else {
      await trx.insertInto('sequences').values(row).execute();
    }
    await trx
      .insertInto('sequence_steps')
      .values(
        input.steps.map((step, position) => ({
          id: randomUUID(),
          sequence_id: row.id,
          position,
          subject: step.subject.trim(),
          body: step.body,
          delay_amount: step.delayAmount,
          delay_unit: step.delayUnit,
          reply_in_thread: step.replyInThread ? 1 : 0,
        })),
      )
      .execute();
  });
  return { __typename: 'Sequence', ...row };
}
