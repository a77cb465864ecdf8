import type { BridgeRequestInput, BridgeRequestType } from '@tradedesk/contracts';
import type { BrokerGateway } from '../brokers/broker-gateway.js';

/**
 * Routes a request to the gateway method of the same name. `body` must already have been parsed
 * with `BRIDGE_REQUESTS[type].request`, which is what makes the casts below sound.
 */
export function callGateway(gateway: BrokerGateway, type: BridgeRequestType, body: unknown): Promise<unknown> {
  switch (type) {
    case 'place_order': return gateway.placeOrder(body as BridgeRequestInput<'place_order'>);
    case 'cancel_order': return gateway.cancelOrder(body as BridgeRequestInput<'cancel_order'>);
    case 'query_orders': return gateway.queryOrders(body as BridgeRequestInput<'query_orders'>);
    case 'list_orders': return gateway.listOrders(body as BridgeRequestInput<'list_orders'>);
    case 'claim_order': return gateway.claimOrder(body as BridgeRequestInput<'claim_order'>);
    case 'get_quote': return gateway.getQuote(body as BridgeRequestInput<'get_quote'>);
    case 'get_balance': return gateway.getBalance(body as BridgeRequestInput<'get_balance'>);
    case 'open_account': return gateway.openAccount(body as BridgeRequestInput<'open_account'>);
    case 'subscribe_quotes': return gateway.subscribeQuotes(body as BridgeRequestInput<'subscribe_quotes'>);
    case 'unsubscribe_quotes': return gateway.unsubscribeQuotes(body as BridgeRequestInput<'unsubscribe_quotes'>);
    case 'open_session': return gateway.openSession(body as BridgeRequestInput<'open_session'>);
    case 'close_session': return gateway.closeSession(body as BridgeRequestInput<'close_session'>);
    case 'list_sessions': return gateway.listSessions(body as BridgeRequestInput<'list_sessions'>);
  }
}
