import type { Market } from '@tradedesk/contracts';

/** A symbol the paper broker trades, with the price its simulated feed starts from. */
export interface PaperSymbol {
  readonly code: string;
  readonly market: Market;
  /** Simulation reference price (on the tick grid): a plausible level, not market data. */
  readonly referencePriceKrw: number;
}

/**
 * The 40 symbols of the paper market. Codes and markets are taken from the KRX symbol master
 * snapshot (shared/data/krx-symbols.csv, trading day 2026-07-22); the reference prices are
 * invented round levels on the tick grid, for simulation only.
 */
export const PAPER_SYMBOLS: readonly PaperSymbol[] = [
  { code: '005930', market: 'KOSPI', referencePriceKrw: 70_000 }, // 삼성전자
  { code: '000660', market: 'KOSPI', referencePriceKrw: 200_000 }, // SK하이닉스
  { code: '373220', market: 'KOSPI', referencePriceKrw: 350_000 }, // LG에너지솔루션
  { code: '207940', market: 'KOSPI', referencePriceKrw: 1_000_000 }, // 삼성바이오로직스
  { code: '005380', market: 'KOSPI', referencePriceKrw: 210_000 }, // 현대차
  { code: '000270', market: 'KOSPI', referencePriceKrw: 95_000 }, // 기아
  { code: '068270', market: 'KOSPI', referencePriceKrw: 180_000 }, // 셀트리온
  { code: '005490', market: 'KOSPI', referencePriceKrw: 320_000 }, // POSCO홀딩스
  { code: '035420', market: 'KOSPI', referencePriceKrw: 210_000 }, // NAVER
  { code: '035720', market: 'KOSPI', referencePriceKrw: 45_000 }, // 카카오
  { code: '051910', market: 'KOSPI', referencePriceKrw: 300_000 }, // LG화학
  { code: '006400', market: 'KOSPI', referencePriceKrw: 250_000 }, // 삼성SDI
  { code: '105560', market: 'KOSPI', referencePriceKrw: 90_000 }, // KB금융
  { code: '055550', market: 'KOSPI', referencePriceKrw: 55_000 }, // 신한지주
  { code: '012330', market: 'KOSPI', referencePriceKrw: 250_000 }, // 현대모비스
  { code: '028260', market: 'KOSPI', referencePriceKrw: 150_000 }, // 삼성물산
  { code: '066570', market: 'KOSPI', referencePriceKrw: 90_000 }, // LG전자
  { code: '088350', market: 'KOSPI', referencePriceKrw: 3_000 }, // 한화생명
  { code: '010140', market: 'KOSPI', referencePriceKrw: 15_000 }, // 삼성중공업
  { code: '030200', market: 'KOSPI', referencePriceKrw: 45_000 }, // KT
  { code: '032830', market: 'KOSPI', referencePriceKrw: 100_000 }, // 삼성생명
  { code: '086790', market: 'KOSPI', referencePriceKrw: 65_000 }, // 하나금융지주
  { code: '015760', market: 'KOSPI', referencePriceKrw: 25_000 }, // 한국전력
  { code: '034730', market: 'KOSPI', referencePriceKrw: 150_000 }, // SK
  { code: '096770', market: 'KOSPI', referencePriceKrw: 110_000 }, // SK이노베이션
  { code: '011200', market: 'KOSPI', referencePriceKrw: 20_000 }, // HMM
  { code: '009150', market: 'KOSPI', referencePriceKrw: 150_000 }, // 삼성전기
  { code: '010130', market: 'KOSPI', referencePriceKrw: 800_000 }, // 고려아연
  { code: '329180', market: 'KOSPI', referencePriceKrw: 350_000 }, // HD현대중공업
  { code: '012450', market: 'KOSPI', referencePriceKrw: 700_000 }, // 한화에어로스페이스
  { code: '247540', market: 'KOSDAQ', referencePriceKrw: 150_000 }, // 에코프로비엠
  { code: '196170', market: 'KOSDAQ', referencePriceKrw: 400_000 }, // 알테오젠
  { code: '086520', market: 'KOSDAQ', referencePriceKrw: 80_000 }, // 에코프로
  { code: '028300', market: 'KOSDAQ', referencePriceKrw: 60_000 }, // HLB
  { code: '263750', market: 'KOSDAQ', referencePriceKrw: 35_000 }, // 펄어비스
  { code: '069500', market: 'ETF', referencePriceKrw: 35_000 }, // KODEX 200
  { code: '102110', market: 'ETF', referencePriceKrw: 35_100 }, // TIGER 200
  { code: '122630', market: 'ETF', referencePriceKrw: 20_000 }, // KODEX 레버리지
  { code: '229200', market: 'ETF', referencePriceKrw: 12_000 }, // KODEX 코스닥150
  { code: '360750', market: 'ETF', referencePriceKrw: 20_000 }, // TIGER 미국S&P500
];

const BY_CODE: ReadonlyMap<string, PaperSymbol> = new Map(PAPER_SYMBOLS.map((s) => [s.code, s]));

/** The paper symbol for a code, or undefined if the paper market does not list it. */
export function findPaperSymbol(code: string): PaperSymbol | undefined {
  return BY_CODE.get(code);
}
