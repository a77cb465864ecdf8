import { z } from 'zod';
import { ARG_PROBLEMS, type ArgProblem } from '../i18n/index.js';

import { ORDER_PRICE_KRW_MAX, ORDER_QTY_SHARES_MAX } from '@tradedesk/contracts';

type WholeProblem = 'NotNumber' | 'NotWhole' | 'NotPositive' | 'TooLarge';

/** `1,000`, `1000`, `1000주`: commas must group thousands; a sign or a decimal point is refused. */
function parseWholeNumber(raw: string, unitSuffix: string, max: number): number | WholeProblem {
  const text = raw.trim().replace(new RegExp(`${unitSuffix}$`), '');
  const shape = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d*)?$/.exec(text);
  if (!shape) return 'NotNumber';
  const [, sign, digitsWithCommas, fraction] = shape;
  if (sign === '-') return 'NotPositive';
  if (fraction !== undefined) return 'NotWhole';
  const digits = digitsWithCommas!.replaceAll(',', '').replace(/^0+(?=\d)/, '');
  if (digits.length > String(max).length) return 'TooLarge';
  const value = Number(digits);
  if (value === 0) return 'NotPositive';
  return value > max ? 'TooLarge' : value;
}

function problem(ctx: z.RefinementCtx, key: ArgProblem, value: string, max = 0): never {
  ctx.addIssue({ code: 'custom', message: key, params: { value, max } });
  return z.NEVER;
}

function wholeNumberArg(kind: 'qty' | 'price', unitSuffix: string, max: number) {
  return z.string().transform((raw, ctx) => {
    const result = parseWholeNumber(raw, unitSuffix, max);
    return typeof result === 'number' ? result : problem(ctx, `${kind}${result}`, raw, max);
  });
}

/** A quantity of shares: a positive whole number up to {@link ORDER_QTY_SHARES_MAX}. */
export const qtyArgSchema = wholeNumberArg('qty', '주', ORDER_QTY_SHARES_MAX);
/** A limit price in whole won: positive, up to {@link ORDER_PRICE_KRW_MAX}. */
export const priceArgSchema = wholeNumberArg('price', '원', ORDER_PRICE_KRW_MAX);

/** KRX short codes start with a digit (`005930`, `0126Z0`, `37550K`); anything else is a name. */
const SYMBOL_CODE = /^[0-9][0-9A-Z]{5}$/;

/** What was typed for a symbol: a code to use as is, or a name to look up. */
export type SymbolArg = { code: string } | { query: string };

export const symbolArgSchema = z.string().transform((raw, ctx): SymbolArg => {
  const text = raw.trim();
  if (text.length === 0 || text.length > 64) return problem(ctx, 'symbolInvalid', raw);
  const upper = text.toUpperCase();
  return SYMBOL_CODE.test(upper) ? { code: upper } : { query: text };
});

/** An order id as people type it: the `#shortId` from /orders, or the full uuid. */
export const orderIdArgSchema = z.string().transform((raw, ctx) => {
  const text = raw.trim().replace(/^#/, '').toLowerCase();
  return /^[0-9a-f-]{4,36}$/.test(text) ? text : problem(ctx, 'orderIdInvalid', raw);
});

/** A link code; people may type it with spaces, which are removed. */
export const linkCodeArgSchema = z.string().transform((raw, ctx) => {
  const text = raw.replace(/\s+/g, '');
  return /^[A-Za-z0-9-]{4,64}$/.test(text) ? text : problem(ctx, 'linkCodeInvalid', raw);
});

/** The first argument problem in a failed parse, if the failure was one of ours. */
export function firstArgProblem(error: z.ZodError): { key: ArgProblem; value: string; max: number } | null {
  for (const issue of error.issues) {
    if (issue.code !== 'custom') continue;
    const key = ARG_PROBLEMS.find((p) => p === issue.message);
    const params = (issue.params ?? {}) as { value?: unknown; max?: unknown };
    if (key) return { key, value: String(params.value ?? ''), max: Number(params.max ?? 0) };
  }
  return null;
}

/** One of a fixed list of tokens, matched case-insensitively. */
export function choiceArg<const C extends readonly string[]>(choices: C, problemKey: ArgProblem) {
  return z.string().transform((raw, ctx): C[number] => {
    const text = raw.trim().toLowerCase();
    return choices.includes(text) ? text : problem(ctx, problemKey, raw);
  });
}

/**
 * A token that must match `pattern`; a mismatch is reported without its value, so a mistyped
 * secret is never echoed.
 */
export function secretArg(pattern: RegExp, problemKey: ArgProblem) {
  return z.string().transform((raw, ctx) => {
    const text = raw.trim();
    return pattern.test(text) ? text : problem(ctx, problemKey, '');
  });
}

/** Quiet hours as typed: `22-07` (also `22~7`) in whole KST hours, start and end different. */
export const quietHoursArgSchema = z.string().transform((raw, ctx) => {
  const match = /^(\d{1,2})\s*[-~]\s*(\d{1,2})$/.exec(raw.trim());
  const startHour = Number(match?.[1]);
  const endHour = Number(match?.[2]);
  if (!match || startHour > 23 || endHour > 23 || startHour === endHour) return problem(ctx, 'quietHoursInvalid', raw);
  return { startHour, endHour };
});

/** An alert or strategy id as listed by core. */
export const itemIdArgSchema = z.string().transform((raw, ctx) => {
  const text = raw.trim().replace(/^#/, '');
  return /^[A-Za-z0-9_-]{1,64}$/.test(text) ? text : problem(ctx, 'idInvalid', raw);
});

/** A user name as the operator types it (core's invite rule). */
export const userNameArgSchema = z.string().transform((raw, ctx) => {
  const text = raw.trim();
  return /^[\p{L}\p{N}_.-]{1,64}$/u.test(text) ? text : problem(ctx, 'userNameInvalid', raw);
});
