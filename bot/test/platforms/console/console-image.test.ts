import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleChat } from '../../../src/platforms/console/console-chat.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe('console: a reply image is written to a file whose path is printed', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'td-console-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it.each([['ko', '차트 저장: '], ['en', 'Chart saved: ']] as const)('should write the PNG under the image dir and print its path (%s)', async (locale, label) => {
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => { printed += chunk.toString(); });
    const chat = new ConsoleChat({ as: 'kim', input: new PassThrough(), output, locale, interactive: false, imageDir: join(dir, 'charts') });
    await chat.sendNotification({ platform: 'console', platformUserId: 'kim', chatId: 'kim' }, { title: 'P&L', text: '+3,400', image: { png: PNG, name: 'pnl.png', alt: 'chart' } }, { silent: false });
    const path = new RegExp(`${label}(\\S+)`).exec(printed)?.[1];
    expect(path?.startsWith(join(dir, 'charts'))).toBe(true);
    expect(new Uint8Array(await readFile(path!))).toEqual(PNG);
  });
});
