import type { BridgeCapabilities, BridgeRequestInput, BridgeRequestResult, BridgeRequestType } from '@tradedesk/contracts';

/** core's view of the broker: the windows-bridge over its WebSocket protocol. */
export interface BrokerGateway {
  /** Connected and done replaying: requests may be sent. */
  readonly isReady: boolean;
  readonly capabilities: BridgeCapabilities | null;
  request<T extends BridgeRequestType>(type: T, body: BridgeRequestInput<T>): Promise<BridgeRequestResult<T>>;
}
