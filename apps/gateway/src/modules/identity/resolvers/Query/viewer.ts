import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';

/** Public by design: null tells the console to show the sign-in page. */
export const viewer: NonNullable<QueryResolvers['viewer']> = (_parent, _args, ctx) => ctx.viewer;
