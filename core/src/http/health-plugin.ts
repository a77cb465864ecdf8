import type { FastifyPluginAsync } from 'fastify';
import type { CoreDeps } from '../deps.js';

/** `GET /health`: open, for load balancers and the local CLIs to see whether core runs. */
export function healthPlugin(deps: CoreDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/health', async () => ({
      status: deps.broker.isReady ? 'ok' : 'degraded',
      bridgeConnected: deps.broker.isReady,
      database: deps.db.kind,
    }));
  };
}
