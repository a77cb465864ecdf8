import type { BridgeToCore } from '@tradedesk/contracts';

type Response = Extract<BridgeToCore, { type: 'response' }>;

/**
 * Buggify `empty_body` (SIM-8): the answer as a broker that replied with nothing would make it — a
 * well-formed frame whose success has an empty `result: {}` and whose failure has no `error`.
 */
export function emptiedAnswer(response: Response): Response {
  const { result: _result, error: _error, ...frame } = response;
  return response.ok ? { ...frame, result: {} } : frame;
}

/**
 * Buggify `truncate` (SIM-8): the frame's text cut in the middle, as a transport that lost the rest
 * would deliver it. Never valid JSON: the object's closing brace is always in the part cut off.
 */
export function truncatedFrameText(text: string): string {
  return text.slice(0, Math.floor(text.length / 2));
}
