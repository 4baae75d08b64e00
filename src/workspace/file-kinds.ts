import * as path from 'node:path';

export type FileKind =
  | 'python'
  | 'requirements'
  | 'pyproject'
  | 'pipfile'
  | 'setup-cfg'
  | 'lockfile'
  | 'dotenv'
  | 'ini'
  | 'yaml'
  | 'toml'
  | 'json'
  | 'dockerfile'
  | 'shell'
  | 'markdown'
  | 'rst'
  | 'prisma'
  | 'js'
  | 'other';

/** Lockfiles are never edited: a re-lock is reported instead. */
const LOCKFILES = new Set(['poetry.lock', 'pipfile.lock', 'uv.lock', 'pdm.lock', 'pylock.toml']);

/** Classifies by name. Patterns are deliberately a little wide (`requirements-dev.txt`, `prod.env`). */
export function fileKind(relPath: string): FileKind {
  const base = path.posix.basename(relPath);
  const lower = base.toLowerCase();
  const ext = path.posix.extname(lower);
  if (LOCKFILES.has(lower) || /^pylock\..*\.toml$/.test(lower)) return 'lockfile';
  if (ext === '.py' || ext === '.pyi') return 'python';
  if (/^(requirements|constraints).*\.(txt|in)$/.test(lower) || /\.requirements\.txt$/.test(lower)) return 'requirements';
  // requirements/base.txt, requirements/extra-postgres.in: the folder names the format.
  if (/(^|\/)requirements\/[^/]+\.(txt|in)$/i.test(relPath)) return 'requirements';
  if (/^pyproject.*\.toml$/.test(lower)) return 'pyproject';
  if (/^pipfile(?!\.lock)/.test(lower)) return 'pipfile';
  if (/^setup.*\.cfg$/.test(lower)) return 'setup-cfg';
  if (lower === '.env' || lower.startsWith('.env.') || ext === '.env' || lower === 'env.example' || lower.startsWith('env.')) return 'dotenv';
  if (ext === '.ini' || ext === '.cfg' || ext === '.conf') return 'ini';
  if (ext === '.yml' || ext === '.yaml') return 'yaml';
  if (ext === '.toml') return 'toml';
  if (ext === '.json') return 'json';
  if (lower === 'dockerfile' || lower.startsWith('dockerfile.') || ext === '.dockerfile' || lower === 'containerfile') return 'dockerfile';
  if (ext === '.sh' || ext === '.bash' || ext === '.zsh') return 'shell';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.rst') return 'rst';
  if (ext === '.prisma') return 'prisma';
  if (/^\.(js|mjs|cjs|jsx|ts|tsx|mts|cts)$/.test(ext) && !lower.endsWith('.d.ts')) return 'js';
  return 'other';
}

/** How a follow-up marker is written in each kind; null where the format has no comments. */
export function commentSyntax(kind: FileKind): { open: string; close: string } | null {
  switch (kind) {
    case 'json':
    case 'other':
    case 'lockfile':
      return null;
    case 'markdown':
      return { open: '<!-- ', close: ' -->' };
    case 'rst':
      return { open: '.. ', close: '' };
    case 'prisma':
    case 'js':
      return { open: '// ', close: '' };
    default:
      return { open: '# ', close: '' };
  }
}
