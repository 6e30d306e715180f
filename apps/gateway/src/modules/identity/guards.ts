import type { GatewayContext } from '../../context.js';
import type { Role } from '../../db/tables/user.table.js';
import { gatewayError } from '../../errors.js';
import type { ViewerModel } from './viewer.js';

/** The viewer, or UNAUTHENTICATED. Every resolver starts with one of these guards. */
export function requireViewer(ctx: GatewayContext): ViewerModel {
  if (!ctx.viewer) throw gatewayError('UNAUTHENTICATED');
  return ctx.viewer;
}

export function requireRole(ctx: GatewayContext, roles: readonly Role[]): ViewerModel {
  const viewer = requireViewer(ctx);
  if (!roles.includes(viewer.user.role)) throw gatewayError('FORBIDDEN');
  return viewer;
}

/** SUPER_ADMIN or ADMIN (the "Account Access" permission). */
export function requireWorkspaceAdmin(ctx: GatewayContext): ViewerModel {
  return requireRole(ctx, ['SUPER_ADMIN', 'ADMIN']);
}
