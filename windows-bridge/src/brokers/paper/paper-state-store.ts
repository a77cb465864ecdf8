import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { brokerFillSchema, brokerOrderStatusSchema, orderSideSchema, orderTypeSchema } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { PAPER_FILLS_PER_ORDER_MAX } from './paper-constants.js';

const intSchema = z.number().int().safe();

const paperOrderSchema = z.object({
  clientOrderId: z.string().min(1).max(32),
  brokerOrderId: z.string().min(1),
  accountRef: z.string().min(1).max(64),
  symbol: z.string().min(1).max(6),
  side: orderSideSchema,
  orderType: orderTypeSchema,
  qtyShares: intSchema.positive(),
  /** The limit price; null for a market order. */
  limitPriceKrw: intSchema.positive().nullable(),
  /** Buys only: the price per share the cash reservation is computed at (limit, or the upper limit). */
  reservePriceKrw: intSchema.nonnegative(),
  status: brokerOrderStatusSchema,
  filledQtyShares: intSchema.nonnegative(),
  rejectReason: z.string().max(64).nullable(),
  fills: z.array(brokerFillSchema).max(PAPER_FILLS_PER_ORDER_MAX),
  createdAtMs: intSchema.nonnegative(),
  /**
   * Without client order ids (`clientOrderIds: false`): false until the bridge learns the order is
   * core's (the placement was answered, or core claimed it). Absent: true.
   */
  attributed: z.boolean().optional(),
});
/** A paper order as kept in memory and on disk. */
export type PaperOrder = z.infer<typeof paperOrderSchema>;

const paperPositionSchema = z.object({
  symbol: z.string().min(1).max(6),
  qtyShares: intSchema.positive(),
  /** Total purchase cost of the shares held (excluding fees); the average price is cost / qty. */
  costKrw: intSchema.nonnegative(),
});
export type PaperPosition = z.infer<typeof paperPositionSchema>;

const paperAccountSchema = z.object({
  accountRef: z.string().min(1).max(64),
  cashKrw: intSchema,
  positions: z.array(paperPositionSchema),
  /** Oldest first; the order of the array is the order in which old final orders are pruned. */
  orders: z.array(paperOrderSchema),
});
export type PaperAccountState = z.infer<typeof paperAccountSchema>;

const paperPriceSchema = z.object({
  lastKrw: intSchema.positive(),
  prevCloseKrw: intSchema.positive(),
  openKrw: intSchema.positive(),
  highKrw: intSchema.positive(),
  lowKrw: intSchema.positive(),
  volumeShares: intSchema.nonnegative(),
  dayNo: z.number().int(),
  atMs: intSchema.nonnegative(),
});

const paperStateSchema = z.object({
  version: z.literal(1),
  /** Set once when the state is created, so order and fill ids never repeat across fresh starts. */
  idPrefix: z.string().max(16).default(''),
  nextOrderNo: intSchema.positive(),
  nextFillNo: intSchema.positive(),
  accounts: z.array(paperAccountSchema),
  prices: z.record(z.string(), paperPriceSchema),
  /** State that rides along in the same write (the bridge's event stream); validated by its owner. */
  attached: z.unknown().optional(),
});
/** Everything the paper broker persists, in one JSON document. */
export type PaperState = z.infer<typeof paperStateSchema>;

/** Where the paper broker's state lives between restarts. */
export interface PaperStateStore {
  /** False for the in-memory store: nothing survives a restart. */
  readonly persistent: boolean;
  /** The saved state, or undefined if there is none yet. Throws if the saved state is unreadable. */
  load(): PaperState | undefined;
  /** Writes the whole state atomically and durably before returning. */
  save(state: PaperState): void;
}

/** A store that keeps nothing: a restart starts fresh (and the bridge starts a new epoch). */
export function createMemoryStateStore(): PaperStateStore {
  return { persistent: false, load: () => undefined, save: () => undefined };
}

/**
 * A JSON file written with write-file-atomic (temp file, fsync, rename), so a crash leaves either
 * the old or the new state, never a torn one. Writes are synchronous on purpose: a change is on
 * disk before the request that made it is answered and before its events reach core, and the
 * paper state is small enough for that to be cheap.
 */
export function createFileStateStore(filePath: string, logger: Logger): PaperStateStore {
  let directoryReady = false;
  return {
    persistent: true,
    load() {
      let text: string;
      try {
        text = readFileSync(filePath, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new Error(`cannot read paper state file ${filePath}`, { cause: error });
      }
      try {
        return paperStateSchema.parse(JSON.parse(text));
      } catch (error) {
        // Refuse to start rather than silently resetting everyone's paper money.
        throw new Error(`paper state file ${filePath} is corrupt; move it away to start fresh`, { cause: error });
      }
    },
    save(state) {
      if (!directoryReady) {
        mkdirSync(dirname(filePath), { recursive: true });
        directoryReady = true;
      }
      writeFileAtomic.sync(filePath, JSON.stringify(state));
      logger.trace({ accountCount: state.accounts.length }, 'paper state written');
    },
  };
}
