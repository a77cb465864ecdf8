import { coreToBotEventSchema, type Notification, type Platform } from '@tradedesk/contracts';
import WebSocket from 'ws';
import { TEST_CORE_TOKEN } from './core-harness.js';

/** A bare event-stream client for tests: records notifications and confirms each one it receives. */
export async function openEventProbe(baseUrl: string, platforms: Platform[], platformUserIds?: string[]) {
  const received: Notification[] = [];
  /** The notifications as core sent them, before parsing (which would fill in defaults). */
  const raw: Array<Record<string, unknown>> = [];
  const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/v1/events`, { headers: { authorization: `Bearer ${TEST_CORE_TOKEN}` } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const subscribed = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const event = coreToBotEventSchema.parse(JSON.parse(data.toString()));
      if (event.type === 'subscribed') resolve();
      else {
        received.push(event.notification);
        raw.push((JSON.parse(data.toString()) as { notification: Record<string, unknown> }).notification);
        ws.send(JSON.stringify({ type: 'delivered', ids: [event.notification.id] }));
      }
    });
  });
  ws.send(JSON.stringify({ type: 'subscribe', platforms, ...(platformUserIds ? { platformUserIds } : {}) }));
  await subscribed;
  return { received, raw, close: () => ws.close() };
}
