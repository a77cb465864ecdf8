import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SqlClient } from '../../src/db/sql-client.js';
import { openTestDb, testBackends, type TestDb } from '../support/test-db.js';

describe.each(testBackends())('SqlClient on %s', (backend) => {
  let testDb: TestDb;
  let db: SqlClient;

  beforeAll(async () => {
    testDb = await openTestDb(backend);
    db = testDb.db;
    await db.exec('create table scratch (id int primary key, j jsonb, d date, ts timestamptz, big int8)');
  });
  afterAll(() => testDb?.dispose());

  it('should report its backend kind', () => {
    expect(db.kind).toBe(backend);
  });

  it('should return int8 as number, numeric as string, timestamptz as Date, date as YYYY-MM-DD, jsonb as object', async () => {
    const [row] = await db.query<Record<string, unknown>>(`
      select 9007199254740991::int8 as big, count(*) as n, 1.50::numeric as num, 2.5::float8 as f,
             '2026-11-22 09:00:00+09'::timestamptz as ts, '2026-11-22'::date as d,
             '{"a":[1,{"b":null}]}'::jsonb as j, array[1, 2]::int8[] as big_array
    `);
    expect(row).toEqual({
      big: 9007199254740991,
      n: 1,
      num: '1.50',
      f: 2.5,
      ts: new Date('2026-11-22T00:00:00.000Z'),
      d: '2026-11-22',
      j: { a: [1, { b: null }] },
      big_array: [1, 2],
    });
  });

  it('should refuse an int8 beyond the safe integer range instead of losing precision', async () => {
    await expect(db.query('select 9007199254740993::int8 as big')).rejects.toThrow(RangeError);
  });

  it('should store Date, jsonb object and JSON-stringified array parameters the same way', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    await db.query('insert into scratch (id, j, d, ts, big) values ($1, $2, $3, $4, $5)', [
      1, { nested: { at } }, '2026-01-02', at, 42,
    ]);
    await db.query('insert into scratch (id, j) values ($1, $2)', [2, JSON.stringify([1, 'two'])]);
    const rows = await db.query('select id, j, d, ts, big from scratch order by id');
    expect(rows).toEqual([
      { id: 1, j: { nested: { at: at.toISOString() } }, d: '2026-01-02', ts: at, big: 42 },
      { id: 2, j: [1, 'two'], d: null, ts: null, big: null },
    ]);
    await db.query('delete from scratch');
  });

  it('should commit a transaction when its function resolves', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.query('insert into scratch (id) values (10)');
      return tx.query<{ id: number }>('select id from scratch where id = 10');
    });
    expect(result).toEqual([{ id: 10 }]);
    expect(await db.query('select id from scratch where id = 10')).toEqual([{ id: 10 }]);
    await db.query('delete from scratch');
  });

  it('should roll back a transaction and rethrow when its function rejects', async () => {
    const failure = new Error('boom');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into scratch (id) values (11)');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await db.query('select id from scratch where id = 11')).toEqual([]);
  });

  it('should keep working after a statement error inside a savepoint', async () => {
    const rows = await db.transaction(async (tx) => {
      await tx.query('savepoint s');
      await expect(tx.query('select 1 / 0')).rejects.toThrow(/division by zero/);
      await tx.query('rollback to savepoint s');
      return tx.query<{ ok: number }>('select 1 as ok');
    });
    expect(rows).toEqual([{ ok: 1 }]);
  });
});
