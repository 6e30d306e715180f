import type { MutationResolvers } from '../../../../__generated__/resolvers-types.js';
import { requireViewer } from '../../../identity/guards.js';
import { sendEmail as queue } from '../../send-email.service.js';

export const sendEmail: NonNullable<MutationResolvers['sendEmail']> = (_parent, { input }, ctx) =>
  queue(ctx, requireViewer(ctx), input);
