import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestPostgres } from '../support/postgres';
import type { TestPostgres } from '../support/postgres';

describe('PostgreSQL test fixture', () => {
  let db: TestPostgres | undefined;
  let client: pg.Client | undefined;

  beforeAll(async () => {
    db = await startTestPostgres();
    client = new pg.Client({ connectionString: db.connectionString });
    await client.connect();
  }, 60_000);

  afterAll(async () => {
    await client?.end().catch(() => undefined);
    await db?.stop();
  }, 30_000);

  function conn(): pg.Client {
    if (!client) throw new Error('PostgreSQL client not connected (beforeAll failed)');
    return client;
  }

  it('connects to a real PostgreSQL server', async () => {
    const { rows } = await conn().query<{ version: string }>('select version() as version');
    expect(rows[0]?.version).toMatch(/^PostgreSQL /);
    const current = await conn().query<{ db: string }>('select current_database() as db');
    expect(current.rows[0]?.db).toBe(db?.database);
  });

  it('round-trips numeric(12,2) money values exactly', async () => {
    await conn().query('create table charges (id serial primary key, amount numeric(12,2) not null)');
    await conn().query('insert into charges (amount) values ($1)', ['1310.50']);
    const { rows } = await conn().query<{ amount: string }>('select amount from charges');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.amount).toBe('1310.50');
  });
});
