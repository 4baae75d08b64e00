import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, copyTree, git, SEED_FIXTURE } from '../support/cli.js';

const temp: string[] = [];
afterAll(() => temp.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const URL_LINE = 'DATABASE_URL = "postgresql+asyncpg://h/db"\n';

describe('inside a git work tree, git decides what is ignored', () => {
  it('never skips a tracked file because a .gitignore pattern matches it', () => {
    const d = copyTree(SEED_FIXTURE);
    temp.push(d);
    fs.mkdirSync(path.join(d, 'cogs'));
    fs.writeFileSync(path.join(d, 'cogs', 'config.py'), URL_LINE);
    fs.writeFileSync(path.join(d, 'config.py'), URL_LINE);
    git(d, 'init', '-q');
    git(d, 'add', '-A');
    git(d, 'commit', '-qm', 'tracked first');
    fs.writeFileSync(path.join(d, '.gitignore'), 'config.py\n.env\nnode_modules/\n');
    // Untracked and ignored: left alone, but the .env still gets its hint.
    fs.writeFileSync(path.join(d, '.env'), 'DATABASE_URL=postgresql+asyncpg://h/db\n');
    fs.mkdirSync(path.join(d, 'extra'));
    fs.writeFileSync(path.join(d, 'extra', 'config.py'), URL_LINE);
    // Tracked inside a default-skipped folder: still skipped.
    fs.mkdirSync(path.join(d, 'node_modules', 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(d, 'node_modules', 'pkg', 'x.env'), 'DATABASE_URL=postgresql+asyncpg://h/db\n');
    git(d, 'add', '-f', '.gitignore', 'node_modules/pkg/x.env');
    git(d, 'commit', '-qm', 'ignore rules');
    const r = cli(['asyncpg-to-psycopg', '.', '--json'], d);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { files: { path: string }[]; followUps: { path: string; rule: string }[] };
    const paths = j.files.map((f) => f.path);
    expect(paths).toContain('cogs/config.py');
    expect(paths).toContain('config.py');
    expect(paths).not.toContain('extra/config.py');
    expect(paths).not.toContain('node_modules/pkg/x.env');
    expect(j.followUps).toContainEqual(expect.objectContaining({ path: '.env', rule: 'ignored-env' }));
    // The same tree seen by the audit.
    const audit = JSON.parse(cli(['audit', '.', '--json'], d).stdout) as { sites: { path: string }[] };
    expect(audit.sites.map((s) => s.path)).toContain('app/db.py');
  });

  it('reports a tracked symbolic link as skipped, not followed', () => {
    const d = copyTree(SEED_FIXTURE);
    temp.push(d);
    fs.symlinkSync('app/db.py', path.join(d, 'db-link.py'));
    git(d, 'init', '-q');
    git(d, 'add', '-A');
    git(d, 'commit', '-qm', 'x');
    const j = JSON.parse(cli(['asyncpg-to-psycopg', '.', '--json'], d).stdout) as { skipped: { path: string; reason: string }[]; files: { path: string }[] };
    expect(j.skipped).toContainEqual(expect.objectContaining({ path: 'db-link.py', reason: 'symbolic link (not followed)' }));
    expect(j.files.map((f) => f.path)).toContain('app/db.py');
  });
});

describe('markers are never configuration', () => {
  it('a directUrl TODO in schema.prisma does not count as directUrl, and --check stays shut while it is open', () => {
    const d = copyTree(SEED_FIXTURE);
    temp.push(d);
    for (const f of fs.readdirSync(d)) fs.rmSync(path.join(d, f), { recursive: true, force: true });
    fs.mkdirSync(path.join(d, 'prisma'));
    fs.writeFileSync(path.join(d, 'prisma/schema.prisma'), 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n');
    fs.writeFileSync(path.join(d, '.env.production'), 'DATABASE_URL="postgresql://app:pw@db.example.com:6543/app?pgbouncer=true"\n');
    fs.writeFileSync(path.join(d, 'package.json'), '{"dependencies":{"@prisma/client":"5.22.0","prisma":"5.22.0"}}\n');
    const w = cli(['pooler-safe', '.', '--write'], d);
    expect(w.code, w.stderr).toBe(0);
    expect(fs.readFileSync(path.join(d, 'prisma/schema.prisma'), 'utf8')).toMatch(/\/\/ migrate-driver: TODO add directUrl/);
    const audit = JSON.parse(cli(['audit', '.', '--json'], d).stdout) as { sites: { driver: string; settings: string[] }[] };
    expect(audit.sites.find((s) => s.driver === 'prisma')!.settings).toContain('no directUrl');
    const again = cli(['pooler-safe', '.', '--check'], d);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/add directUrl/);
  });
});

describe('Prisma settings made in code', () => {
  it('are read: pgbouncer=true added by the runtime client counts, and its query concatenation is flagged', () => {
    const d = copyTree(SEED_FIXTURE);
    temp.push(d);
    for (const f of fs.readdirSync(d)) fs.rmSync(path.join(d, f), { recursive: true, force: true });
    fs.mkdirSync(path.join(d, 'prisma'));
    fs.mkdirSync(path.join(d, 'src'));
    fs.writeFileSync(path.join(d, 'prisma/schema.prisma'), 'datasource db {\n  provider  = "postgresql"\n  url       = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")\n}\n');
    fs.writeFileSync(path.join(d, '.env'), 'DATABASE_URL="postgresql://app:pw@db.example.com:6543/app"\nDIRECT_URL="postgresql://app:pw@db.example.com:5432/app"\n');
    fs.writeFileSync(path.join(d, 'package.json'), '{"dependencies":{"@prisma/client":"5.22.0","prisma":"5.22.0"}}\n');
    fs.writeFileSync(path.join(d, 'src/db.ts'), "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient({ datasourceUrl: process.env.DATABASE_URL + '?pgbouncer=true&connection_limit=1' });\n");
    const audit = JSON.parse(cli(['audit', '.', '--json'], d).stdout) as { sites: { driver: string; policy: { kind: string }; settings: string[] }[]; notes: string[] };
    const site = audit.sites.find((s) => s.driver === 'prisma')!;
    expect(site.policy.kind).toBe('never');
    expect(site.settings[0]).toMatch(/url from the PrismaClient at src\/db\.ts:2/);
    expect(audit.notes.join('\n')).toMatch(/src\/db\.ts:2: the PrismaClient URL is built as .* which breaks/);
    const dry = cli(['pooler-safe', '.', '--json'], d);
    const j = JSON.parse(dry.stdout) as { files: { path: string }[]; followUps: { path: string; message: string }[] };
    expect(j.files.map((f) => f.path)).not.toContain('.env'); // no second pgbouncer=true
    expect(j.followUps).toContainEqual(expect.objectContaining({ path: 'src/db.ts', message: expect.stringMatching(/appends a query string/) }));
  });
});

describe('pooler-safe in a project that names no pooler', () => {
  it('says so once in the report, and stops saying it once a pooled URL is there', () => {
    const d = copyTree(path.join(path.dirname(SEED_FIXTURE), 'truth-table/postgresjs-default'));
    temp.push(d);
    const r = cli(['pooler-safe', '.'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/note: nothing in the files read names a pooler/);
    const j = JSON.parse(cli(['pooler-safe', '.', '--json'], d).stdout) as { notes: string[]; followUps: unknown[] };
    expect(j.notes).toHaveLength(1);
    expect(j.followUps).toEqual([]);
    fs.writeFileSync(path.join(d, '.env'), 'DATABASE_URL=postgres://app:pw@db.example.com:6543/app\n');
    expect(cli(['pooler-safe', '.'], d).stdout).not.toMatch(/names a pooler/);
  });
});
