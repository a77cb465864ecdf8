import { createManualClock } from '../../src/clock.js';
import { PaperBroker, type PaperBrokerOptions } from '../../src/brokers/paper/paper-broker.js';
import { createMemoryStateStore } from '../../src/brokers/paper/paper-state-store.js';
import { captureSink, DOWN, FLAT, scriptedRng, silentLogger, START_MS } from '../helpers.js';
import { describeBrokerContract, type BrokerContractHarness } from './broker-contract.js';

async function paperContractHarness(options: Partial<PaperBrokerOptions> = {}): Promise<BrokerContractHarness> {
  const clock = createManualClock(START_MS);
  const rng = scriptedRng(FLAT);
  const gateway = new PaperBroker({ clock, rng, store: createMemoryStateStore(), logger: silentLogger, liquiditySharesPerTick: 100, ...options });
  const captured = captureSink();
  gateway.setEventSink(captured.sink);
  await gateway.openAccount({ accountRef: 'contract', initialCashKrw: 1_000_000_000 });
  const opening = gateway.openSession({ accountRef: 'contract' });
  clock.advance(gateway.capabilities.switchCostMs);
  await opening;
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
}

describeBrokerContract('paper', () => paperContractHarness());
describeBrokerContract('paper, single session (Kiwoom OpenAPI+ style)', () => paperContractHarness({ sessions: { mode: 'single' } }));
