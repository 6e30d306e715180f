import type { QueryResolvers } from '../../../__generated__/resolvers-types.js';
import { renderTemplate, tokenValues, unknownTokens } from '../../../engine/sequences/templates.js';
import { requireViewer } from '../../identity/guards.js';
import { canManageWorkspace } from '../../identity/viewer.js';
import { contactHasOwnActivity, readsWholeTimeline } from '../../send/timeline-access.js';
import { readableEnrollment, readableSequence } from '../sequence-access.js';

export const sequenceQueries: Pick<
  Required<QueryResolvers>,
  'sequences' | 'sequence' | 'enrollment' | 'previewSequenceStep'
> = {
  sequences: async (_parent, _args, ctx) => {
    const viewer = requireViewer(ctx);
    let query = ctx.db.selectFrom('sequences').selectAll();
    if (!canManageWorkspace(viewer))
      query = query.where((eb) =>
        eb.or([eb('owner_user_id', '=', viewer.user.id), eb('shared', '=', 1)]),
      );
    return query.orderBy('created_at', 'desc').limit(500).execute();
  },
  sequence: async (_parent, { id }, ctx) =>
    (await readableSequence(ctx.db, requireViewer(ctx), id)) ?? null,
  enrollment: async (_parent, { id }, ctx) =>
    (await readableEnrollment(ctx.db, requireViewer(ctx), id)) ?? null,
  previewSequenceStep: async (_parent, { subject, body, contactId }, ctx) => {
    const viewer = requireViewer(ctx);
    let query = ctx.db.selectFrom('contacts').selectAll().where('id', '=', contactId);
    if (!readsWholeTimeline(viewer)) query = query.where(contactHasOwnActivity(viewer));
    const contact = await query.executeTakeFirst();
    const unknown = [...new Set([...unknownTokens(subject), ...unknownTokens(body)])];
    if (!contact)
      return { subject: null, body: null, missingPlaceholders: [], unknownPlaceholders: unknown };
    const values = tokenValues({
      contact,
      sender: { email: viewer.user.email, name: viewer.user.name },
    });
    const s = renderTemplate(subject, values);
    const b = renderTemplate(body, values);
    return {
      subject: s.ok ? s.text : null,
      body: b.ok ? b.text : null,
      missingPlaceholders: [
        ...new Set([...(s.ok ? [] : s.missing), ...(b.ok ? [] : b.missing)]),
      ].filter((t) => !unknown.includes(t)),
      unknownPlaceholders: unknown,
    };
  },
};
