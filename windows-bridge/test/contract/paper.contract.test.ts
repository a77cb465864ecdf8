import { createManualClock } from '../../src/clock.js';
import { PaperBroker } from '../../src/brokers/paper/paper-broker.js';
import { createMemoryStateStore } from '../../src/brokers/paper/paper-state-store.js';
import { captureSink, DOWN, FLAT, scriptedRng, silentLogger, START_MS } from '../helpers.js';
import { describeBrokerContract } from './broker-contract.js';

describeBrokerContract('paper', async () => {
  const clock = createManualClock(START_MS);
  const rng = scriptedRng(FLAT);
  const gateway = new PaperBroker({ clock, rng, store: createMemoryStateStore(), logger: silentLogger, liquiditySharesPerTick: 100 });
  const captured = captureSink();
  gateway.setEventSink(captured.sink);
  await gateway.openAccount({ accountRef: 'contract', initialCashKrw: 1_000_000_000 });
  const lastKrw = (await gateway.getQuote({ symbol: '005930' })).lastKrw;
  return {
    gateway,
    orderEvents: () => captured.orderEvents,
    fills: () => captured.fills,
    accountRef: 'contract',
    symbol: '005930',
    restingBuyPriceKrw: lastKrw - 100,
    largeQtyShares: 250,
    async advance() {
      clock.advance(1_000);
      gateway.step(clock.now());
      rng.value = FLAT;
    },
    async crossRestingBuy() {
      rng.value = DOWN;
    },
    close: () => gateway.stop(),
  };
});
