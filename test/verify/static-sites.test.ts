import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/verify/static/audit.js';
import type { Site } from '../../src/verify/static/site.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function audit(files: Record<string, string>, url?: { raw: string; driver: string | null; query: Record<string, string> }): Promise<Site[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-audit-'));
  dirs.push(dir);
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
  return (await runAudit({ root: dir, paths: [dir], url })).sites;
}
const at = (sites: Site[], p: string, line: number) => sites.find((s) => s.path === p && s.line === line);

describe('JS/TS sites, resolved with ts-morph', () => {
  it('follows spreads, imports, factories and CommonJS, and reports what it cannot read as unknown', async () => {
    const sites = await audit({
      'src/options.ts': 'export const base = { max: 5, prepare: false };\nexport function loud() {\n  return { prepare: true };\n}\n',
      'src/client.ts': "import postgres from 'postgres';\nimport { base, loud } from './options';\nconst opts = { ...base, idle_timeout: 20 };\nexport const a = postgres(process.env.DATABASE_URL!, opts);\nexport const b = postgres(process.env.DATABASE_URL!, loud());\nexport const c = postgres(process.env.DATABASE_URL!, loadOptions());\nexport const d = postgres('postgres://h/db?prepare=false');\nexport const e = postgres({ host: 'h' });\n",
      'src/legacy.cjs': "const postgres = require('postgres');\nmodule.exports = postgres(process.env.URL, { prepare: false });\n",
    });
    expect(at(sites, 'src/client.ts', 4)?.policy.kind).toBe('never');
    expect(at(sites, 'src/client.ts', 5)?.policy.kind).toBe('named-immediately');
    expect(at(sites, 'src/client.ts', 6)?.policy.kind).toBe('unknown');
    expect(at(sites, 'src/client.ts', 7)?.policy.kind).toBe('never');
    expect(at(sites, 'src/client.ts', 8)).toMatchObject({ driver: 'postgres.js', fix: 'pass { prepare: false } to postgres()', policy: { kind: 'named-immediately' } });
    expect(at(sites, 'src/legacy.cjs', 2)?.policy.kind).toBe('never');
  });

  it('finds node-postgres pools, named query configs and Drizzle .prepare(name)', async () => {
    const sites = await audit({
      'db.ts': "import { Pool } from 'pg';\nimport { drizzle } from 'drizzle-orm/node-postgres';\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\nconst byId = { name: 'user-by-id', text: 'select * from users where id = $1', values: [1] };\nexport const one = () => pool.query(byId);\nexport const two = () => pool.query({ text: 'select 1' });\nexport const p = db.select().from(users).prepare('all_users');\n",
    });
    expect(sites.map((s) => [s.line, s.driver, s.policy.kind])).toEqual([
      // A pool whose clients run a named query anywhere is not safe.
      [3, 'pg', 'named-immediately'],
      [5, 'pg', 'named-immediately'],
      [7, 'drizzle+pg', 'named-immediately'],
    ]);
  });
});

describe('ORM constructors take the policy of the client they wrap', () => {
  it('Drizzle and Kysely over postgres.js and node-postgres', async () => {
    const sites = await audit({
      'orm.ts': "import postgres from 'postgres';\nimport { drizzle } from 'drizzle-orm/postgres-js';\nimport { Kysely, PostgresDialect } from 'kysely';\nimport { Pool } from 'pg';\nconst safe = postgres(process.env.URL!, { prepare: false });\nexport const db1 = drizzle(safe);\nexport const db2 = drizzle(postgres(process.env.URL!));\nexport const k = new Kysely({ dialect: new PostgresDialect({ pool: new Pool() }) });\n",
    });
    const orm = sites.filter((s) => s.driver.includes('('));
    expect(orm.map((s) => [s.line, s.driver, s.policy.kind])).toEqual([
      [6, 'drizzle(postgres-js)', 'never'],
      [7, 'drizzle(postgres-js)', 'named-immediately'],
      [8, 'kysely(pg)', 'never'],
    ]);
    expect(orm.find((s) => s.line === 7)?.policy.why).toContain('over the client at orm.ts:7');
  });
});

describe('Python sites', () => {
  it('reads asyncpg, psycopg pools, psycopg2, Django and SQLAlchemy, version-aware', async () => {
    const sites = await audit({
      'svc/poetry.lock': '[[package]]\nname = "asyncpg"\nversion = "0.30.0"\n\n[[package]]\nname = "sqlalchemy"\nversion = "2.0.30"\n',
      'svc/raw.py': 'import asyncpg\nfrom psycopg_pool import AsyncConnectionPool\nimport psycopg2\n\nPOOL_KW = {"prepare_threshold": None}\n\nasync def main(dsn, **kw):\n    a = await asyncpg.create_pool(dsn, statement_cache_size=0)\n    b = AsyncConnectionPool(dsn, kwargs=POOL_KW)\n    c = psycopg2.connect(dsn)\n    d = await asyncpg.connect(dsn, **kw)\n',
      'svc/engine.py': 'from sqlalchemy.ext.asyncio import create_async_engine\nengine = create_async_engine("postgresql+asyncpg://h/db", connect_args={"statement_cache_size": 0})\n',
      'svc/settings.py': 'DATABASES = {\n    "default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app"},\n    "fast": {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"server_side_binding": True, "prepare_threshold": 0}},\n}\n',
    });
    expect(at(sites, 'svc/raw.py', 8)?.policy.kind).toBe('never');
    expect(at(sites, 'svc/raw.py', 9)?.policy.kind).toBe('never');
    expect(at(sites, 'svc/raw.py', 10)?.driver).toBe('psycopg2');
    expect(at(sites, 'svc/raw.py', 11)?.policy.kind).toBe('unknown');
    // asyncpg 0.30 (from poetry.lock) < 0.31: SQLAlchemy's prepare() is named despite statement_cache_size=0.
    expect(at(sites, 'svc/engine.py', 2)).toMatchObject({ driver: 'sqlalchemy+asyncpg', policy: { kind: 'named-immediately' } });
    expect(at(sites, 'svc/engine.py', 2)?.settings.join(' ')).toContain('asyncpg 0.30.0 from svc/poetry.lock');
    expect(at(sites, 'svc/settings.py', 2)?.policy.kind).toBe('never');
    expect(at(sites, 'svc/settings.py', 3)?.policy.kind).toBe('named-immediately');
  });

  it("reads psycopg's prepare_threshold attribute form", async () => {
    const sites = await audit({ 'p.py': 'import psycopg\n\nconn = psycopg.connect(DSN)\nconn.prepare_threshold = None\n' });
    expect(sites[0]).toMatchObject({ driver: 'psycopg', policy: { kind: 'never' } });
    expect(sites[0]?.settings[0]).toContain('(set as an attribute)');
  });

  it('calls an engine unknown when neither the code nor --url says which driver it uses', async () => {
    const files = { 'db.py': 'from sqlalchemy.ext.asyncio import create_async_engine\nfrom app.config import settings\nengine = create_async_engine(settings.URL)\n' };
    expect((await audit(files))[0]?.policy.kind).toBe('unknown');
    // Another database's engine is no PostgreSQL connection site at all.
    expect(await audit({ 'lite.py': 'from sqlalchemy import create_engine\nimport asyncpg\ne = create_engine("sqlite:///x.db", connect_args={"check_same_thread": False})\n' })).toEqual([]);
    const withUrl = await audit(files, { raw: 'postgresql+psycopg://h/db', driver: 'psycopg', query: {} });
    expect(withUrl[0]).toMatchObject({ driver: 'sqlalchemy+psycopg', policy: { kind: 'named-after', uses: 5 }, fix: 'connect_args={"prepare_threshold": None}' });
  });
});

describe('each SQLAlchemy engine gets its own driver', () => {
  it('from its own URL expression or its factory, never from the rest of the project', async () => {
    const fixture = 'codemods/pooler-safe/__testfixtures__/engines-per-driver';
    const sites = await audit({
      'requirements.txt': fs.readFileSync(path.join(fixture, 'requirements.input.txt'), 'utf8'),
      'app/db.py': fs.readFileSync(path.join(fixture, 'db.input.py'), 'utf8'),
    });
    expect(at(sites, 'app/db.py', 10)).toMatchObject({ driver: 'sqlalchemy+asyncpg', policy: { kind: 'named-immediately' } });
    // ASYNC_URL.replace("+asyncpg", "") is postgresql://, the psycopg2 dialect.
    expect(at(sites, 'app/db.py', 11)).toMatchObject({ driver: 'sqlalchemy+psycopg2', policy: { kind: 'never' } });
    // A sync factory cannot be asyncpg, whatever the project's other URLs say: unknown, not named.
    expect(at(sites, 'app/db.py', 12)?.policy.kind).toBe('unknown');
    expect(at(sites, 'app/db.py', 13)?.policy.kind).toBe('unknown');
    expect(at(sites, 'app/db.py', 14)).toBeUndefined(); // sqlite is not a PostgreSQL site
    expect(at(sites, 'app/db.py', 15)).toMatchObject({ driver: 'sqlalchemy+psycopg', policy: { kind: 'named-after' } });
  });
});

describe('asyncpg copy_records_to_table()', () => {
  it('is never called safe when the asyncpg version is unknown', async () => {
    const code = "import asyncpg\n\nasync def load(dsn, rows):\n    conn = await asyncpg.connect(dsn, statement_cache_size=0)\n    await conn.copy_records_to_table('t', records=rows)\n";
    const unknown = await audit({ 'load.py': code });
    expect(at(unknown, 'load.py', 4)?.policy.kind).toBe('never');
    expect(at(unknown, 'load.py', 5)?.policy.kind).toBe('unknown');
    const old = await audit({ 'load.py': code, 'requirements.txt': 'asyncpg==0.29.0\n' });
    expect(at(old, 'load.py', 5)?.policy.kind).toBe('named-immediately');
  });
});

describe('node-postgres named query configs, by shape', () => {
  it('are found in modules that never import pg, and a switch is read from its default', async () => {
    const sites = await audit({
      'app.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();\n",
      'lib/opts.ts': 'export const DEFAULTS = { prepared: false };\n',
      'lib/run.ts': "import { DEFAULTS } from './opts';\ninterface Db { query(c: object): Promise<unknown> }\nexport const one = (db: Db) => db.query({ name: 'one', text: 'select 1' });\nexport const two = (db: Db, o = DEFAULTS) => db.query({ name: o.prepared ? 'two' : undefined, text: 'select 2' });\n",
    });
    expect(at(sites, 'lib/run.ts', 3)?.policy.kind).toBe('named-immediately');
    expect(at(sites, 'lib/run.ts', 4)?.policy.kind).toBe('never');
    expect(at(sites, 'app.ts', 2)?.policy.kind).toBe('named-immediately');
  });
});

describe('Drizzle over a postgres.js client', () => {
  it('follows a factory that makes the client, and reports one site per client', async () => {
    const sites = await audit({
      'src/client.ts': "import postgres from 'postgres';\nexport function makeClient(url: string) {\n  return postgres(url, { prepare: false, max: 5 });\n}\n",
      'src/db.ts': "import { drizzle } from 'drizzle-orm/postgres-js';\nimport { makeClient } from './client';\nconst client = makeClient(process.env.DATABASE_URL!);\nexport const db = drizzle(client);\n",
      'src/direct.ts': "import postgres from 'postgres';\nimport { drizzle } from 'drizzle-orm/postgres-js';\nexport const other = drizzle(postgres(process.env.URL!));\n",
    });
    const wrapped = at(sites, 'src/db.ts', 4);
    expect(wrapped).toMatchObject({ driver: 'drizzle(postgres-js)', policy: { kind: 'never' } });
    expect(wrapped!.settings).toContain('client: postgres() at src/client.ts:3');
    expect(at(sites, 'src/client.ts', 3)).toBeUndefined();
    // drizzle(postgres(url)) on one line: one site, not two.
    expect(sites.filter((s) => s.path === 'src/direct.ts').map((s) => [s.driver, s.policy.kind])).toEqual([['drizzle(postgres-js)', 'named-immediately']]);
  });
});

describe('SQL in the code', () => {
  it('SQL-level PREPARE/DEALLOCATE is a site; session state is a warning; PL/pgSQL EXECUTE is neither', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-audit-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'jobs.py'), 'PREP = "PREPARE get_job(int) AS select * from jobs where id = $1"\nDROP = "DEALLOCATE get_job"\nLOOP = """DO $$ BEGIN EXECUTE format(\'select 1\'); END $$"""\n');
    fs.writeFileSync(path.join(dir, 'events.ts'), "export const listen = 'LISTEN job_events; LISTEN \"jobs:insert\";';\nexport const lock = `select pg_advisory_lock(${1})`;\nexport const local = 'SET LOCAL statement_timeout = 1000';\nexport const tz = \"SET TIME ZONE 'UTC'\";\nexport const ui = ['Set your password', 'Listen to this episode', 'Set it to dark'];\nexport const path = 'set search_path to app, public';\n");
    const r = await runAudit({ root: dir, paths: [dir] });
    expect(r.sites.filter((s) => s.driver === 'sql').map((s) => [s.path, s.line, s.policy.kind])).toEqual([
      ['jobs.py', 1, 'named-immediately'],
      ['jobs.py', 2, 'named-immediately'],
    ]);
    expect(r.warnings.map((w) => [w.path, w.line, w.kind])).toEqual([
      ['events.ts', 1, 'LISTEN'],
      ['events.ts', 2, 'advisory lock'],
      ['events.ts', 4, 'SET without LOCAL'],
      ['events.ts', 6, 'SET without LOCAL'],
    ]);
  });
});

describe('ORM constructors over node-postgres', () => {
  it('report one site per pool, carrying the pool\'s policy', async () => {
    const sites = await audit({
      'db.ts': "import pg from 'pg';\nimport { Kysely, PostgresDialect } from 'kysely';\nconst { Pool } = pg;\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nexport const db = new Kysely({ dialect: new PostgresDialect({ pool }) });\n",
    });
    expect(sites.map((s) => [s.line, s.driver, s.policy.kind])).toEqual([[5, 'kysely(pg)', 'never']]);
    expect(sites[0]!.settings).toContain('client: pool at db.ts:4');
  });
});

describe('Prisma driver adapters', () => {
  it('are judged per PrismaClient: an adapter in a dev script does not make the app client safe', async () => {
    const schema = 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n';
    const files = {
      'package.json': '{"dependencies":{"@prisma/client":"6.1.0","@prisma/adapter-pg":"6.1.0"}}\n',
      'prisma/schema.prisma': schema,
      'scripts/dev-seed.ts': "import { PrismaClient } from '@prisma/client';\nimport { PrismaPg } from '@prisma/adapter-pg';\nexport const dev = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });\n",
      'lib/prisma.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
    };
    const mixed = await audit(files);
    expect(at(mixed, 'prisma/schema.prisma', 1)?.policy.kind).not.toBe('never');
    const adapted = await audit({ ...files, 'lib/prisma.ts': "import { PrismaClient } from '@prisma/client';\nimport { PrismaPg } from '@prisma/adapter-pg';\nexport const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });\n" });
    expect(at(adapted, 'prisma/schema.prisma', 1)?.policy.kind).toBe('never');
  });
});

describe('psycopg on a pooler that keeps named statements', () => {
  it('still breaks with a numeric threshold on libpq < 17 (SQL DEALLOCATE on eviction), not with the binary wheel', async () => {
    const code = 'import psycopg\n\nasync def open(url):\n    return await psycopg.AsyncConnection.connect(url, prepare_threshold=0)\n';
    const system = await audit({ 'app.py': code, 'requirements.txt': 'psycopg==3.3.9\n' });
    expect(at(system, 'app.py', 4)?.keepingPooler).toMatch(/SQL DEALLOCATE/);
    expect(at(system, 'app.py', 4)?.settings.join(' ')).toMatch(/system libpq, assumed older than 17/);
    const wheel = await audit({ 'app.py': code, 'requirements.txt': 'psycopg[binary]==3.3.9\n' });
    expect(at(wheel, 'app.py', 4)?.keepingPooler).toBeUndefined();
    const off = await audit({ 'app.py': code.replace('prepare_threshold=0', 'prepare_threshold=None'), 'requirements.txt': 'psycopg==3.3.9\n' });
    expect(at(off, 'app.py', 4)?.keepingPooler).toBeUndefined();
  });
});

describe('DEALLOCATE ALL / DISCARD ALL, and start-up parameters', () => {
  it('DEALLOCATE ALL and DISCARD ALL are sites that matter only on statement-keeping poolers; DEALLOCATE name stays an SQL PREPARE site', async () => {
    const sites = await audit({ 'reset.py': 'RESET = "DISCARD ALL"\nDROP = "DEALLOCATE ALL"\nONE = "DEALLOCATE add_one"\nPROSE = "Discard all changes?"\n' });
    expect(at(sites, 'reset.py', 1)).toMatchObject({ driver: 'sql', keepingNeeds: 'deallocate-all', policy: { kind: 'never' } });
    expect(at(sites, 'reset.py', 2)).toMatchObject({ keepingNeeds: 'deallocate-all' });
    expect(at(sites, 'reset.py', 3)).toMatchObject({ policy: { kind: 'named-immediately' } });
    expect(at(sites, 'reset.py', 3)?.keepingNeeds).toBeUndefined();
    expect(at(sites, 'reset.py', 4)).toBeUndefined();
  });

  it('reads asyncpg server_settings, libpq options, pg options and postgres.js connection as start-up parameters', async () => {
    const sites = await audit({
      'a.py': "import asyncpg\nimport psycopg\nfrom sqlalchemy.ext.asyncio import create_async_engine\nSS = {'jit': 'off', 'search_path': 'app'}\nasync def go(url):\n    await asyncpg.connect(url, statement_cache_size=0, server_settings=SS)\n    await psycopg.AsyncConnection.connect(url, prepare_threshold=None, options='-c statement_timeout=5s')\n    create_async_engine('postgresql+asyncpg://h/db', connect_args={'statement_cache_size': 0, 'server_settings': {'application_name': 'x'}})\n    await asyncpg.connect(url, statement_cache_size=0)\n",
      'b.ts': "import pg from 'pg';\nimport postgres from 'postgres';\nexport const p = new pg.Pool({ connectionString: process.env.URL, options: '-c lock_timeout=1s' });\nexport const s = postgres(process.env.URL!, { prepare: false, connection: { application_name: 'api', timezone: 'UTC' } });\n",
    });
    expect(at(sites, 'a.py', 6)?.startupParams).toEqual({ jit: 'off', search_path: 'app' });
    expect(at(sites, 'a.py', 7)?.startupParams).toEqual({ options: '-c statement_timeout=5s' });
    expect(at(sites, 'a.py', 8)?.startupParams).toEqual({ application_name: 'x' });
    expect(at(sites, 'a.py', 9)?.startupParams).toBeUndefined();
    expect(at(sites, 'b.ts', 3)?.startupParams).toEqual({ options: '-c lock_timeout=1s' });
    expect(at(sites, 'b.ts', 4)?.startupParams).toEqual({ application_name: 'api', timezone: 'UTC' });
  });
});
