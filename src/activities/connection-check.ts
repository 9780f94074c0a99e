import { Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps';

export interface IntercomWorkspace {
  workspaceId: string;
  name: string | null;
  region: string | null;
  timezone: string | null;
}

export function createConnectionCheckActivities({ intercom, hull }: ActivityDeps) {
  return {
    /** GET /me: proves the token works and tells which workspace (and region) it belongs to. */
    async checkIntercomConnection(): Promise<IntercomWorkspace> {
      const me = await intercom.me({ signal: Context.current().cancellationSignal });
      return {
        workspaceId: me.app?.id_code ?? 'unknown',
        name: me.app?.name ?? null,
        region: me.app?.region ?? null,
        timezone: me.app?.timezone ?? null,
      };
    },

    /** GET /api/v1/app: proves the Hull credentials work. */
    async checkHullConnection(): Promise<{ connectorId: string; name: string | null }> {
      const connector = await hull.getConnector(Context.current().cancellationSignal);
      return { connectorId: connector.id, name: connector.name ?? null };
    },
  };
}
