import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeCore } from '../support/fake-core.js';
import { runLine } from '../support/harness.js';

// Each bad line gets a clear message in the user's language, and core is never asked.
const CASES: Array<[line: string, ko: string, en: string]> = [
  ['buy 005930 0', '수량은 1주 이상이어야 합니다: "0".', 'The quantity must be at least 1 share: "0".'],
  ['buy 005930 -5', '수량은 1주 이상이어야 합니다: "-5".', 'The quantity must be at least 1 share: "-5".'],
  ['buy 005930 1.5', '수량은 정수여야 합니다: "1.5". 1주 단위로 입력하세요.', 'The quantity must be a whole number of shares: "1.5".'],
  ['sell 005930 ten', '수량 "ten"을(를) 이해할 수 없습니다. 숫자로 입력하세요 (예: 10, 1,000).', 'Cannot read the quantity "ten". Write it with digits (e.g. 10 or 1,000).'],
  ['buy 005930 1,00', '수량 "1,00"을(를) 이해할 수 없습니다. 숫자로 입력하세요 (예: 10, 1,000).', 'Cannot read the quantity "1,00". Write it with digits (e.g. 10 or 1,000).'],
  ['buy 005930 10000001', '수량이 너무 큽니다: "10000001". 한 번에 최대 10,000,000주까지 주문할 수 있습니다.', 'The quantity is too large: "10000001". One order can carry at most 10,000,000 shares.'],
  ['buy 005930 99999999999999999999999', '수량이 너무 큽니다: "99999999999999999999999". 한 번에 최대 10,000,000주까지 주문할 수 있습니다.', 'The quantity is too large: "99999999999999999999999". One order can carry at most 10,000,000 shares.'],
  ['buy 005930 10 0', '가격은 1원 이상이어야 합니다: "0". 시장가 주문은 가격을 생략하세요.', 'The price must be at least KRW 1: "0". Leave it out for a market order.'],
  ['buy 005930 10 -71000', '가격은 1원 이상이어야 합니다: "-71000". 시장가 주문은 가격을 생략하세요.', 'The price must be at least KRW 1: "-71000". Leave it out for a market order.'],
  ['sell 005930 10 71000.5', '가격은 원 단위 정수여야 합니다: "71000.5".', 'The price must be a whole number of won: "71000.5".'],
  ['buy 005930 10 abc', '가격 "abc"을(를) 이해할 수 없습니다. 원 단위 숫자로 입력하거나, 시장가 주문은 가격을 생략하세요.', 'Cannot read the price "abc". Write whole won with digits, or leave it out for a market order.'],
  ['buy 005930 10 1,000,000,000', '가격이 너무 큽니다: "1,000,000,000". 최대 100,000,000원까지 입력할 수 있습니다.', 'The price is too large: "1,000,000,000". The most you can enter is KRW 100,000,000.'],
  ['buy 005930', '사용법: /buy 종목 수량 [가격]', 'Usage: /buy SYMBOL QTY [PRICE]'],
  ['/buy', '사용법: /buy 종목 수량 [가격]', 'Usage: /buy SYMBOL QTY [PRICE]'],
  ['sell 005930 1 2 3', '사용법: /sell 종목 수량 [가격]', 'Usage: /sell SYMBOL QTY [PRICE]'],
  ['price', '사용법: /price 종목', 'Usage: /price SYMBOL'],
  ['cancel', '사용법: /cancel 주문번호', 'Usage: /cancel ORDER_ID'],
  ['cancel zz!!', '주문번호 "zz!!"가 올바르지 않습니다. /orders 에 나오는 #번호를 입력하세요.', '"zz!!" is not an order id. Use the #id shown by /orders.'],
  ['link', '사용법: /link 코드', 'Usage: /link CODE'],
  ['link ab', '연결 코드 형식이 올바르지 않습니다. 운영자에게 받은 코드를 그대로 입력하세요.', 'That does not look like a link code. Type the code exactly as the operator gave it.'],
  ['orders now', '사용법: /orders', 'Usage: /orders'],
  ['frobnicate 1', '알 수 없는 명령어입니다: /frobnicate. /help 를 입력하면 명령어를 볼 수 있습니다.', 'Unknown command: /frobnicate. Send /help to see the commands.'],
];

describe('bad chat input', () => {
  let core: FakeCore;
  beforeAll(async () => { core = await new FakeCore().start(); });
  afterAll(async () => { await core.stop(); });

  it.each(CASES)('should answer %j with a Korean message and not call core', async (line, ko) => {
    const reply = await runLine(core, line, 'ko');
    expect(reply).toEqual({ text: ko, tone: 'error' });
    expect(core.calls).toEqual([]);
  });

  it.each(CASES)('should answer %j with an English message and not call core', async (line, _ko, en) => {
    const reply = await runLine(core, line, 'en');
    expect(reply).toEqual({ text: en, tone: 'error' });
    expect(core.calls).toEqual([]);
  });
});
