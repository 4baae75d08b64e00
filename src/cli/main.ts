import yargs from 'yargs';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js';
import { CODEMODS } from '../codemod/registry.js';

class UsageError extends Error {}

/** Flags every command that reads a tree takes alike (one glob per --include/--exclude: nargs 1 keeps a path after them a path). */
const SHARED_OPTIONS = {
  'show-secrets': { type: 'boolean', default: false, describe: 'Print passwords instead of ****' },
  include: { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'Only these paths (a gitignore-style glob; repeat the flag for more)' },
  exclude: { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'Leave these paths out (a gitignore-style glob; repeat the flag for more)' },
} as const;

/** Entry point: parse flags, call one function, print. Heavy modules load only inside handlers. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.OK;
  const io = {
    out: (s: string) => void process.stdout.write(s),
    err: (s: string) => void process.stderr.write(s),
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
  };
  const cli = yargs(argv)
    .parserConfiguration({ 'populate--': true })
    .scriptName('migrate-driver')
    .usage('Usage: $0 <command> [paths..] [options]\n\nMove a codebase\'s PostgreSQL driver configuration safely. Dry run by default: you review a diff, then --write.')
    .command('list', 'List the available codemods', {}, () => {
      const width = Math.max(...Object.keys(CODEMODS).map((n) => n.length));
      for (const [name, c] of Object.entries(CODEMODS)) io.out(`${name.padEnd(width)}  ${c.summary}\n`);
    })
    .strict()
    .recommendCommands()
    .epilogue(`${EXIT_CODES_HELP}\n\nPasswords in URLs are masked in everything printed unless --show-secrets.`)
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });

  for (const [name, c] of Object.entries(CODEMODS)) {
    cli.command(
      `${name} [paths..]`,
      c.summary,
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, default: [], describe: 'Files or folders (default: the current folder)' })
          .option('write', { type: 'boolean', default: false, describe: 'Apply the changes (all files or none)' })
          .option('check', { type: 'boolean', default: false, describe: 'Write nothing; exit 1 while changes are pending (for CI)' })
          .option('patch', { type: 'string', describe: 'Also save the change as a patch that `git apply` accepts (real text, unmasked)' })
          .option('json', { type: 'boolean', default: false, describe: 'Print a machine-readable result instead of the diff' })
          .option('allow-dirty', { type: 'boolean', default: false, describe: 'Write even with uncommitted changes under the target' })
          .options(SHARED_OPTIONS)
          .option('color', { type: 'boolean', describe: 'Colour the diff (default: when printing to a terminal)' })
          .options(
            name === 'pooler-safe'
              ? { url: { type: 'string', describe: 'Probe this endpoint first and write only what it needs (nothing on a direct or session-mode connection; on a pooler that keeps named statements, only what still breaks there). Without it: what any pooler needs' } }
              : name === 'asyncpg-to-psycopg'
                ? { placeholders: { choices: ['raw', 'percent'] as const, default: 'raw' as const, describe: "Ported raw asyncpg SQL: raw keeps $1 byte for byte (connections get cursor_factory=psycopg.AsyncRawCursor); percent rewrites SQL literals to psycopg's %s / %(p1)s with literal % doubled, and gives SQL it cannot rewrite exactly (variables, f-strings) a raw cursor for that call" } }
                : {},
          )
          .example(`$0 ${name} ./backend`, 'Show the diff and the follow-ups; write nothing')
          .example(`$0 ${name} ./backend --write`, 'Apply it (refuses on uncommitted changes under ./backend)')
          .example(`$0 ${name} . --patch migrate.patch`, 'Save a patch to review or `git apply` later')
          .example(`$0 ${name} . --check --exclude 'docs/**'`, 'CI gate: exit 1 while anything is left to migrate')
          .example(name === 'pooler-safe' ? [[`$0 ${name} . --url "$DATABASE_URL"`, 'Probe the real endpoint, then write only what it needs']] : [])
          .example(name === 'asyncpg-to-psycopg' ? [[`$0 ${name} ./backend --placeholders percent`, 'Write ported SQL in psycopg style: WHERE id = $1 becomes WHERE id = %s, LIKE \'a%\' becomes LIKE \'a%%\'']] : []),
      async (a) => {
        (await import('../edits/recover.js')).recoverBeforeRun((a.paths as string[]) ?? [], io);
        const { codemodCommand } = await import('./codemod-command.js');
        code = await codemodCommand(
          name,
          {
            paths: (a.paths as string[]) ?? [],
            write: a.write as boolean,
            check: a.check as boolean,
            json: a.json as boolean,
            patch: a.patch as string | undefined,
            allowDirty: a['allow-dirty'] as boolean,
            showSecrets: a['show-secrets'] as boolean,
            include: a.include as string[],
            exclude: a.exclude as string[],
            color: a.color as boolean | undefined,
            url: a.url as string | undefined,
            placeholders: a.placeholders as string | undefined,
          },
          io,
        );
      },
    );
  }
  const reportOptions = (y: ReturnType<typeof yargs>) =>
    y
      .positional('paths', { type: 'string', array: true, default: [], describe: 'Files or folders (default: the current folder)' })
      .option('format', { choices: ['human', 'json', 'sarif'] as const, default: 'human' as const, describe: 'Output format (sarif: SARIF 2.1.0 for code scanning)' })
      .option('json', { type: 'boolean', default: false, describe: 'Same as --format json' })
      .options(SHARED_OPTIONS)
      .option('color', { type: 'boolean', describe: 'Colour the output (default: on a terminal)' });
  const reportFlags = (a: Record<string, unknown>) => ({
    paths: (a.paths as string[]) ?? [],
    format: (a.json ? 'json' : a.format) as 'human' | 'json' | 'sarif',
    showSecrets: a['show-secrets'] as boolean,
    include: a.include as string[],
    exclude: a.exclude as string[],
    color: a.color as boolean | undefined,
  });
  cli.command(
    'audit [paths..]',
    'List every PostgreSQL connection site and whether it uses named prepared statements',
    (y) =>
      reportOptions(y as never)
        .example('$0 audit .', 'One block per site: file:line, driver, settings, policy, why, fix')
        .example('$0 audit . --format sarif > audit.sarif', 'For GitHub code scanning')
        .epilogue('Exit codes: 0 every site is pooler-safe, 1 some site prepares named statements or cannot be read, 2 error.'),
    async (a) => {
      (await import('../edits/recover.js')).recoverBeforeRun((a.paths as string[]) ?? [], io);
      const { auditCommand } = await import('./audit-command.js');
      code = await auditCommand(reportFlags(a), io);
    },
  );
  cli.command(
    'verify [paths..]',
    'Audit the code and probe the real endpoint: will this config misbehave behind it?',
    (y) =>
      reportOptions(y as never)
        .option('url', { type: 'string', describe: 'The endpoint, libpq or SQLAlchemy style (postgresql+psycopg://...)' })
        .option('env-file', { type: 'string', describe: 'Read the URL from this env file instead' })
        .option('url-var', { type: 'string', default: 'DATABASE_URL', describe: 'The variable that holds the URL (with --env-file)' })
        .option('unknown-db-probe', { type: 'boolean', default: false, describe: 'Also log in to a database that does not exist: PgBouncer and PostgreSQL refuse it differently (a hint; leaves a FATAL line in the server log)' })
        .example('$0 verify ./backend --url "$DATABASE_URL"', 'Exit 0 safe, 1 unsafe (each file:line with its fix), 2 undecidable')
        .example('$0 verify . --env-file .env.production --url-var DATABASE_URL', 'Take the URL from an env file')
        .example('$0 verify . --url "$DATABASE_URL" -- pytest -k smoke', 'Observe mode: run the command through a recording proxy and report what the driver really sent')
        .epilogue('The probes only read (pg_backend_pid, server_version) and prepare one uniquely named statement; they take a few seconds at most.\nExit codes: 0 safe, 1 unsafe, 2 undecidable (unreachable, auth failure, bad URL).'),
    async (a) => {
      (await import('../edits/recover.js')).recoverBeforeRun((a.paths as string[]) ?? [], io);
      const { verifyCommand } = await import('./verify-command.js');
      code = await verifyCommand({ ...reportFlags(a), url: a.url as string | undefined, envFile: a['env-file'] as string | undefined, urlVar: a['url-var'] as string, unknownDbProbe: a['unknown-db-probe'] as boolean, command: ((a['--'] as unknown[]) ?? []).map(String) }, io);
    },
  );
  cli.demandCommand(1, 'Name a command: list, audit, verify, or a codemod such as asyncpg-to-psycopg');
  skipHelpRendering(cli);

  try {
    await cli.parseAsync();
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && err.name === 'YError')) {
      io.err(`migrate-driver: ${err.message}\nRun "migrate-driver --help" for usage.\n`);
      return EXIT.ERROR;
    }
    throw err;
  }
  return code;
}

interface YargsInternals {
  getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } };
}

/**
 * yargs renders the command's whole help text once its handler has started (`cacheHelpMessage`),
 * to print it should the handler fail: 20 to 30 ms of every run. Our fail() throws instead, so the
 * text is never printed; `--help` renders on its own path. Only an internal hook turns it off (yargs
 * is pinned); should it move, nothing breaks, the run is that much slower.
 */
function skipHelpRendering(cli: unknown): void {
  const usage = (cli as YargsInternals).getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
