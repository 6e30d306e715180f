import type { MutationResolvers } from '../../../__generated__/resolvers-types.js';
import { notFound, validationFailed } from '../../../validation.js';
import { requireViewer } from '../../identity/guards.js';
import { contactHasOwnActivity, readsWholeTimeline } from '../../send/timeline-access.js';
import { changeEnrollment, enrollContacts } from '../enrollment.service.js';
import { createSequence, updateSequence } from '../sequence.service.js';

export const sequenceMutations: Pick<
  Required<MutationResolvers>,
  | 'createSequence'
  | 'updateSequence'
  | 'enrollContacts'
  | 'pauseEnrollment'
  | 'resumeEnrollment'
  | 'unenroll'
  | 'updateContactDetails'
> = {
  createSequence: (_parent, { input }, ctx) => createSequence(ctx, requireViewer(ctx), input),
  updateSequence: (_parent, { id, input }, ctx) =>
    updateSequence(ctx, requireViewer(ctx), id, input),
  enrollContacts: (_parent, { input }, ctx) => enrollContacts(ctx, requireViewer(ctx), input),
  pauseEnrollment: (_parent, { id }, ctx) => changeEnrollment(ctx, requireViewer(ctx), id, 'pause'),
  resumeEnrollment: (_parent, { id }, ctx) =>
    changeEnrollment(ctx, requireViewer(ctx), id, 'resume'),
  unenroll: (_parent, { id }, ctx) => changeEnrollment(ctx, requireViewer(ctx), id, 'unenroll'),
  updateContactDetails: async (_parent, { input }, ctx) => {
    const viewer = requireViewer(ctx);
    let query = ctx.db.selectFrom('contacts').selectAll().where('id', '=', input.contactId);
    if (!readsWholeTimeline(viewer)) query = query.where(contactHasOwnActivity(viewer));
    const contact = await query.executeTakeFirst();
    if (!contact) return notFound('This contact');
    const clean = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);
    const name = input.name === undefined ? contact.name : clean(input.name);
    const company = input.company === undefined ? contact.company : clean(input.company);
    if ((name?.length ?? 0) > 200 || (company?.length ?? 0) > 200)
      return validationFailed([
        {
          field: (name?.length ?? 0) > 200 ? 'name' : 'company',
          message: 'Use at most 200 characters.',
        },
      ]);
    await ctx.db
      .updateTable('contacts')
      .set({ name, company })
      .where('id', '=', contact.id)
      .execute();
    return { __typename: 'Contact', ...contact, name, company };
  },
};
