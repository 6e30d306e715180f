import type { ProviderKind } from '@inlet/providers';
import type { ConnectionRow } from '../../db/tables/connection.table.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { ViewerModel } from '../identity/viewer.js';

/** One of the viewer's own connections of a kind (reconnect is the owner's alone). */
export function ownConnection(services: Pick<GatewayServices, 'db'>, viewer: ViewerModel, id: string, kind: ProviderKind): Promise<ConnectionRow | undefined> {
  return services.db.selectFrom('connections').selectAll().where('id', '=', id).where('user_id', '=', viewer.user.id).where('provider', '=', kind).executeTakeFirst();
}
