import { PSYCOPG_DIALECT_MIN_SQLALCHEMY, PSYCOPG_POOL_REQUIREMENT, PSYCOPG_REQUIREMENT, SQLALCHEMY_EXTRA_SWAP, pinsSqlalchemy1 } from '../../../src/drivers/index.js';
import type { Span } from '../../../src/codemod/layout.js';
import type { FileContext } from '../../../src/codemod/types.js';
import { formatRequirement, normalizeName, parseRequirement, requirementLines, type Requirement } from '../../../src/languages/config/requirement.js';
import { tomlLines, tomlStrings, type TomlLine } from '../../../src/languages/config/toml-lines.js';
import { descendants, stringValue } from '../../../src/languages/python/syntax.js';
import type { Facts } from '../facts.js';

const RULE = 'dependencies';
const OLD = 'asyncpg';

/** `asyncpg==0.29.0; python_version>="3.9"` -> `psycopg[binary]>=3.2; python_version>="3.9"`. */
const psycopgFor = (old: Requirement) => formatRequirement({ ...PSYCOPG_REQUIREMENT, extras: [...PSYCOPG_REQUIREMENT.extras], marker: old.marker });
const poolFor = (old: Requirement) => formatRequirement({ ...PSYCOPG_POOL_REQUIREMENT, marker: old.marker });

const describe = (old: Requirement, withPool: boolean) =>
  `${formatRequirement(old)} -> ${psycopgFor(old)}${withPool ? ` + ${poolFor(old)} (the code uses connection pools)` : ''}`;

/** psycopg 3 itself (not psycopg2, not psycopg-pool) is already a requirement in this manifest. */
const declaresPsycopg = (text: string) => /(^|[\s"',[])psycopg(\[[^\]]*\])?\s*([<>=!~;"',\]]|=|$)/m.test(text);

// No line number in the text: the marker must read the same after other markers move lines.
const keptMessage = (left: NonNullable<Facts['asyncpgLeft']>) =>
  `asyncpg stays for now: asyncpg code remains (${left.count} place${left.count === 1 ? '' : 's'}, first in ${left.where}; see the follow-ups); remove this requirement once it is ported`;

/** SQLAlchemy's `postgresql_asyncpg` extra becomes the psycopg one (plus `asyncio`, which brings greenlet). */
function sqlalchemyExtras(req: Requirement): string[] | null {
  if (req.name !== 'sqlalchemy') return null;
  const norm = req.extras.map(normalizeName);
  const i = norm.indexOf(normalizeName(SQLALCHEMY_EXTRA_SWAP.from));
  if (i < 0) return null;
  const extras = [...req.extras];
  extras[i] = SQLALCHEMY_EXTRA_SWAP.to;
  if (!norm.includes(SQLALCHEMY_EXTRA_SWAP.alsoNeeds)) extras.push(SQLALCHEMY_EXTRA_SWAP.alsoNeeds);
  return extras;
}

export async function dependencies(ctx: FileContext<Facts>): Promise<void> {
  if (ctx.facts.undeclaredIn === ctx.file.rel) {
    ctx.followUp(0, RULE, `the code's asyncpg URLs now name psycopg, but no manifest declares asyncpg or psycopg: add ${formatRequirement(PSYCOPG_REQUIREMENT)} here`);
  }
  switch (ctx.kind) {
    case 'requirements':
      return requirementsFile(ctx);
    case 'pyproject':
    case 'pipfile':
      return tomlManifest(ctx);
    case 'setup-cfg':
      return setupCfg(ctx);
    case 'python':
      if (/(^|\/)setup[^/]*\.py$/.test(ctx.file.rel)) return setupPy(ctx);
  }
}

/**
 * Rewrites one requirement found at [start, end) (string content, without quotes). `poolJoin` is
 * the text between two requirements in this format, used when psycopg-pool is added beside it.
 */
function swapRequirementText(ctx: FileContext<Facts>, start: number, end: number, req: Requirement, poolJoin: string): void {
  if (req.name === 'sqlalchemy' && pinsSqlalchemy1(req.specifier)) {
    ctx.followUp(start, RULE, `${formatRequirement(req)}: the psycopg 3 dialect (postgresql+psycopg) needs SQLAlchemy ${PSYCOPG_DIALECT_MIN_SQLALCHEMY} or later`);
  }
  if (req.name === OLD) {
    const pool = ctx.facts.usesPools && !ctx.facts.declaresPool;
    const text = pool ? `${psycopgFor(req)}${poolJoin}${poolFor(req)}` : psycopgFor(req);
    const left = ctx.facts.asyncpgLeft;
    if (left) {
      // Removing it now would make the app fail at import before anyone ports the flagged code.
      if (!declaresPsycopg(ctx.file.text)) ctx.edit(end, end, `${poolJoin}${text}`, 'dependency', `${psycopgFor(req)}${pool ? ` + ${poolFor(req)}` : ''} added beside ${formatRequirement(req)}`);
      ctx.followUp(start, RULE, keptMessage(left));
      return;
    }
    ctx.edit(start, end, text, 'dependency', describe(req, pool));
    return;
  }
  const extras = sqlalchemyExtras(req);
  if (extras) {
    const text = formatRequirement({ ...req, extras });
    ctx.edit(start, end, text, 'dependency', `${formatRequirement(req)} -> ${text}`);
  }
}

function requirementsFile(ctx: FileContext<Facts>): void {
  const { text, eol } = ctx.file;
  for (const line of requirementLines(text)) {
    if (line.req.name !== OLD && line.req.name !== 'sqlalchemy') continue;
    if (line.hashed) {
      ctx.followUp(line.start, RULE, `${line.req.name} is pinned with --hash (a compiled lock): re-lock it for ${formatRequirement(PSYCOPG_REQUIREMENT)}`);
      continue;
    }
    swapRequirementText(ctx, line.start, line.end, line.req, eol);
  }
}

/** Tables whose arrays hold PEP 508 strings. */
function isRequirementArray(l: TomlLine): boolean {
  if (!l.arrayKey) return false;
  if (l.table === 'project') return l.arrayKey === 'dependencies';
  if (l.table === 'project.optional-dependencies' || l.table === 'dependency-groups' || l.table === 'tool.pdm.dev-dependencies') return true;
  if (l.table === 'tool.uv') return l.arrayKey === 'dev-dependencies' || l.arrayKey === 'constraint-dependencies';
  if (l.table === 'build-system') return l.arrayKey === 'requires';
  return false;
}

/** Poetry and Pipenv tables of `name = spec` entries. */
const isNameTable = (t: string) =>
  /^tool\.poetry\.(dependencies|dev-dependencies|group\.[^.]+\.dependencies)$/.test(t) || t === 'packages' || t === 'dev-packages';

function tomlManifest(ctx: FileContext<Facts>): void {
  const pool = ctx.facts.usesPools && !ctx.facts.declaresPool;
  const lines = tomlLines(ctx.file.text);
  // An extra may only name declared packages: rename it only when the declaration is rewritten too.
  const declRewritten = !ctx.facts.asyncpgLeft && !lines.some((l) => isNameTable(l.table) && l.key && normalizeName(l.key) === OLD && !/^["'][^"']*["']$/.test(l.text.slice(l.valueStart - l.start).replace(/\s+#.*$/, '').trim()));
  for (const l of lines) {
    if (isRequirementArray(l)) {
      for (const s of tomlStrings(l)) {
        const req = parseRequirement(s.value);
        const q = ctx.file.text[s.start]!;
        if (req) swapRequirementText(ctx, s.contentStart, s.contentEnd, req, `${q}, ${q}`);
      }
    } else if (l.table === 'tool.poetry.extras' && l.arrayKey && declRewritten) {
      for (const s of tomlStrings(l)) if (normalizeName(s.value) === OLD) ctx.edit(s.contentStart, s.contentEnd, 'psycopg', 'dependency', 'poetry extra asyncpg -> psycopg');
    } else if (isNameTable(l.table) && l.key && normalizeName(l.key) === OLD) {
      const value = l.text.slice(l.valueStart - l.start).replace(/\s+#.*$/, '').trim();
      if (!/^["'][^"']*["']$/.test(value)) {
        ctx.followUp(l.start, RULE, `asyncpg is declared with a table value (${value}); replace it with psycopg = { version = "${PSYCOPG_REQUIREMENT.specifier}", extras = ["binary"] } by hand`);
        continue;
      }
      const valueEnd = l.valueStart + l.text.slice(l.valueStart - l.start).indexOf(value) + value.length;
      const spec = `{ version = "${PSYCOPG_REQUIREMENT.specifier}", extras = ["binary"] }`;
      const poolLine = pool ? `${ctx.file.eol}psycopg-pool = "${PSYCOPG_POOL_REQUIREMENT.specifier}"` : '';
      const keyStart = l.start + (l.text.length - l.text.trimStart().length);
      if (ctx.facts.asyncpgLeft) {
        if (!declaresPsycopg(ctx.file.text)) ctx.edit(valueEnd, valueEnd, `${ctx.file.eol}psycopg = ${spec}${poolLine}`, 'dependency', `psycopg = ${spec} added beside asyncpg`);
        ctx.followUp(keyStart, RULE, keptMessage(ctx.facts.asyncpgLeft));
        continue;
      }
      ctx.edit(keyStart, valueEnd, `psycopg = ${spec}${poolLine}`, 'dependency', `asyncpg = ${value} -> psycopg = ${spec}${pool ? ' + psycopg-pool (the code uses connection pools)' : ''}`);
    }
  }
}

function setupCfg(ctx: FileContext<Facts>): void {
  const { text } = ctx.file;
  let section = '';
  let pos = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) section = header[1]!.trim();
    else if (section === 'options' || section === 'options.extras_require') {
      const value = /^(\s*[A-Za-z0-9_.-]+\s*=\s*|\s+)([^#;]*?)\s*([#;].*)?$/.exec(line);
      const req = value?.[2] ? parseRequirement(value[2]) : null;
      if (value && req) {
        const start = pos + value[1]!.length;
        // A continuation line keeps its indent; after `key = value` the next item is a new indented line.
        const indent = /^\s+/.test(value[1]!) ? value[1]! : '    ';
        swapRequirementText(ctx, start, start + value[2]!.length, req, `${ctx.file.eol}${indent}`);
      }
    }
    pos += raw.length + 1;
  }
}

async function setupPy(ctx: FileContext<Facts>): Promise<void> {
  const tree = await ctx.python();
  for (const list of descendants(tree.rootNode, 'list')) {
    for (const item of list.namedChildren) {
      if (!item || item.type !== 'string') continue;
      const value = stringValue(item);
      if (value === null) continue;
      const req = parseRequirement(value);
      if (!req) continue;
      const content: Span = { start: item.startIndex + item.text.indexOf(value), end: 0 };
      content.end = content.start + value.length;
      const q = item.text.replace(/^[a-zA-Z]*/, '')[0]!;
      swapRequirementText(ctx, content.start, content.end, req, `${q}, ${q}`);
    }
  }
}
