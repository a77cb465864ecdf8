import type { CoreDeps } from '../deps.js';
import { adoptAcrossAccounts } from './adopt-external-orders.js';
import type { OrderDispatcher } from './order-dispatcher.js';
import { reconcileInFlightOrders } from './reconciler.js';

const RETRY_DELAY_MS_MAX = 30_000;

/**
 * What core does after the bridge (re)connects, before it sends anything new (RECON-1): learn who
 * holds the broker sessions, then look up every order sent but not final — retried with capped
 * backoff until it succeeds, the bridge drops or core stops. Then, best effort, adopt orders the
 * broker shows that core never placed. Resolves true when sending may start.
 */
export async function catchUpWithBroker(deps: CoreDeps, dispatcher: OrderDispatcher, signal: AbortSignal): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    if (signal.aborted || !deps.broker.isReady) return false;
    try {
      await dispatcher.onBridgeReady();
      const { checked } = await reconcileInFlightOrders(deps, dispatcher.accountsInSession());
      deps.log.order.info({ checked }, 'reconciliation done; sending orders');
      break;
    } catch (error) {
      deps.log.order.warn({ err: error instanceof Error ? error.message : String(error), attempt }, 'reconciliation failed; will retry');
      const ok = await deps.clock.sleep(Math.min(500 * 2 ** attempt, RETRY_DELAY_MS_MAX), signal).then(() => true, () => false);
      if (!ok) return false;
    }
  }
  await adoptAcrossAccounts(deps, dispatcher.accountsInSession()).catch((error: unknown) => {
    deps.log.order.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not look for orders placed outside Tradedesk; will look again with the next reconciliation');
  });
  return true;
}
