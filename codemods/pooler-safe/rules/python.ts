import { ASYNCPG_SAFE, ENGINE_FACTORIES, PSYCOPG_SAFE, VERSION_FACTS, atLeast, sqlalchemyAsyncpgRecipe, showVersion } from '../../../src/drivers/index.js';
import { ensureDictKeyword, ensureOptions } from '../../../src/codemod/python-options.js';
import type { FileContext } from '../../../src/codemod/types.js';
import { mappingOf, resolveModuleName } from '../../../src/languages/python/mapping.js';
import type { Node } from '../../../src/languages/python/parser.js';
import { calleeName, descendants, enclosingStatement } from '../../../src/languages/python/syntax.js';
import { canonicalCallee, djangoDatabases, engineDialect, importAliases } from '../../../src/verify/static/python-sites.js';
import { gate, psycopgNeed } from '../endpoint.js';
import type { Facts } from '../facts.js';

const RULE = 'pooler-safe';

/** `from uuid import uuid4` once, after the module's last top-level import. */
function ensureUuidImport(ctx: FileContext<Facts>, root: Node): void {
  if (/^\s*from\s+uuid\s+import\s+[^\n]*\buuid4\b/m.test(ctx.file.text)) return;
  const imports = root.namedChildren.filter((c) => c && (c.type === 'import_statement' || c.type === 'import_from_statement' || c.type === 'future_import_statement'));
  const after = imports[imports.length - 1];
  const at = after ? after.endIndex : 0;
  ctx.edit(at, at, after ? `${ctx.file.eol}from uuid import uuid4` : `from uuid import uuid4${ctx.file.eol}`, 'import', 'from uuid import uuid4 (for prepared_statement_name_func)');
}

export async function pythonDrivers(ctx: FileContext<Facts>): Promise<void> {
  const root = (await ctx.python()).rootNode;
  const aliases = importAliases(root);
  const imports = [...aliases.values()];
  const usesAsyncpg = imports.some((v) => v.startsWith('asyncpg'));
  const usesPsycopg = imports.some((v) => v.startsWith('psycopg') && !v.startsWith('psycopg2'));
  const asyncpgVersion = ctx.facts.versions.find('asyncpg', ctx.file.rel)?.version ?? null;
  const psycopg = psycopgNeed(ctx);
  let needsUuid = false;

  for (const call of descendants(root, 'call')) {
    const args = call.childForFieldName('arguments');
    if (!args || args.type !== 'argument_list') continue;
    const m = mappingOf(args)!;
    const anchor = enclosingStatement(call).startIndex;
    const callee = canonicalCallee(call, aliases);
    const name = calleeName(call);
    if (callee === 'asyncpg.connect' || callee === 'asyncpg.create_pool') {
      if (gate(ctx, 'named-off', `${callee}(): statement_cache_size=0`, call.startIndex)) ensureOptions(ctx, RULE, m, [ASYNCPG_SAFE], anchor, `${callee}()`);
    } else if (callee && /^psycopg\.(connect|(Async)?Connection\.connect)$/.test(callee)) {
      if (gate(ctx, psycopg, `${callee}(): prepare_threshold=None`, call.startIndex)) ensureOptions(ctx, RULE, m, [PSYCOPG_SAFE], anchor, `${callee}()`);
    } else if (callee && /^psycopg_pool\.(Async)?(Null)?ConnectionPool$/.test(callee)) {
      if (gate(ctx, psycopg, `${callee.split('.').pop()}(): kwargs prepare_threshold=None`, call.startIndex)) ensureDictKeyword(ctx, RULE, root, m, 'kwargs', [PSYCOPG_SAFE], anchor, `${callee.split('.').pop()}(kwargs=...)`);
    } else if (name && ENGINE_FACTORIES.has(name)) {
      const urlArg = m.opaque.find((o) => o.type !== 'dictionary_splat' && o.type !== 'list_splat') ?? null;
      const ca = m.entries.find((e) => e.key === 'connect_args')?.value;
      const caMap = ca ? mappingOf(ca.type === 'identifier' ? (resolveModuleName(root, ca.text) ?? ca) : ca) : null;
      const { driver, why } = engineDialect({ defaultDialect: ctx.facts.dialect ? { driver: ctx.facts.dialect, why: 'the project\'s URLs' } : null, versions: ctx.facts.versions, rel: ctx.file.rel, urlQuery: {}, tree: root.tree }, call, urlArg, caMap);
      if (driver === 'not-postgres') continue;
      if (!gate(ctx, driver === 'psycopg' ? psycopg : 'named-off', `${name}(): the pooler-safe connect_args`, call.startIndex)) continue;
      if (driver === 'psycopg') ensureDictKeyword(ctx, RULE, root, m, 'connect_args', [PSYCOPG_SAFE], anchor, `${name}() [psycopg dialect]`);
      else if (driver === 'asyncpg') {
        const sqla = ctx.facts.versions.find('sqlalchemy', ctx.file.rel)?.version ?? null;
        const recipe = sqlalchemyAsyncpgRecipe(sqla);
        ensureDictKeyword(ctx, RULE, root, m, 'connect_args', recipe.entries, anchor, `${name}() [asyncpg dialect${sqla ? `, SQLAlchemy ${showVersion(sqla)}` : ''}]`);
        if (recipe.entries.some((e) => e.key === 'prepared_statement_name_func')) needsUuid = true;
        if (recipe.note) ctx.followUp(call.startIndex, RULE, recipe.note, { anchor, marker: !sqla ? false : true });
      } else if (!driver) {
        ctx.followUp(call.startIndex, RULE, `${name}(): the driver of this engine cannot be told (${why}), so the pooler-safe setting cannot be chosen: with psycopg add connect_args={"prepare_threshold": None}; with asyncpg see the SQLAlchemy recipe; psycopg2 and pg8000 need nothing`, { anchor });
      }
    } else if (usesAsyncpg && name === 'prepare' && call.childForFieldName('function')?.type === 'attribute') {
      const named = !asyncpgVersion || !atLeast(asyncpgVersion, VERSION_FACTS.asyncpgUnnamedPrepare);
      if (gate(ctx, 'named-off', 'explicit prepare()', call.startIndex)) ctx.followUp(call.startIndex, RULE, `explicit prepare(): ${named ? `before asyncpg ${VERSION_FACTS.asyncpgUnnamedPrepare} it always creates a named statement` : 'named while the connection\'s statement cache is on'}; behind a transaction pooler run the query directly`, { anchor });
    } else if (usesAsyncpg && name === 'copy_records_to_table' && (!asyncpgVersion || !atLeast(asyncpgVersion, VERSION_FACTS.asyncpgUnnamedPrepare))) {
      if (gate(ctx, 'named-off', 'copy_records_to_table(): named statement', call.startIndex)) ctx.followUp(call.startIndex, RULE, `copy_records_to_table() uses a named statement even with statement_cache_size=0 before asyncpg ${VERSION_FACTS.asyncpgUnnamedPrepare}${asyncpgVersion ? ` (found ${showVersion(asyncpgVersion)})` : ' (no version found)'}: upgrade asyncpg`, { anchor });
    } else if (usesPsycopg && m.entries.some((e) => e.key === 'prepare' && e.value.text === 'True')) {
      if (gate(ctx, 'named-off', 'prepare=True', call.startIndex)) ctx.followUp(call.startIndex, RULE, 'prepare=True asks for a named statement; with prepare_threshold=None it has no effect, elsewhere it breaks behind a transaction pooler: drop it', { anchor });
    }
  }

  // `conn.prepare_threshold = 0` (psycopg's attribute form).
  if (usesPsycopg) {
    for (const a of descendants(root, 'assignment')) {
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (left && right && /\.prepare_threshold$/.test(left.text) && right.text !== PSYCOPG_SAFE.value && gate(ctx, psycopg, `${left.text} = ${PSYCOPG_SAFE.value}`, a.startIndex)) {
        ctx.edit(right.startIndex, right.endIndex, PSYCOPG_SAFE.value, 'pooler-safe', `${left.text} = ${right.text} -> ${PSYCOPG_SAFE.value} (${PSYCOPG_SAFE.reason})`);
      }
    }
  }
  if (needsUuid) ensureUuidImport(ctx, root);
  djangoOptions(ctx, root, psycopg);
}

/**
 * Django on psycopg 3: `OPTIONS["prepare_threshold"]` beside `server_side_binding: True` turns
 * psycopg's prepared statements back on (Django passes None otherwise). The value becomes None;
 * server-side binding itself is fine behind a pooler (measured: 800 ok through PgBouncer 1.18).
 */
function djangoOptions(ctx: FileContext<Facts>, root: Node, need: ReturnType<typeof psycopgNeed>): void {
  if (!/\bDATABASES\b/.test(ctx.file.text)) return;
  for (const { alias, opts } of djangoDatabases(root)) {
    const ssb = opts?.entries.find((e) => e.key === 'server_side_binding')?.value.text;
    const t = opts?.entries.find((e) => e.key === 'prepare_threshold')?.value;
    if (ssb !== 'True' || !t || t.text === PSYCOPG_SAFE.value) continue;
    if (!gate(ctx, need, `DATABASES[${JSON.stringify(alias.key)}] OPTIONS prepare_threshold=None`, t.startIndex)) continue;
    ctx.edit(t.startIndex, t.endIndex, PSYCOPG_SAFE.value, 'pooler-safe', `DATABASES[${JSON.stringify(alias.key)}]["OPTIONS"]: "prepare_threshold": ${t.text} -> ${PSYCOPG_SAFE.value} (with server_side_binding, ${PSYCOPG_SAFE.reason})`);
  }
}
