/** Exit codes, few and documented (README, --help). */
export const EXIT = {
  OK: 0,
  /** --check: the codemod would change files, or follow-ups are still open. */
  CHANGES_PENDING: 1,
  /** Bad usage or input (missing path, bad flag), or a write that failed and was rolled back. */
  ERROR: 2,
  /** --write refused: uncommitted changes under the target, or git could not tell (use --allow-dirty). */
  DIRTY_TREE: 3,
  /** --check: nothing pending in what was read, but a file that mentions the driver (or could not be read) was skipped. */
  CHECK_INCOMPLETE: 4,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  success (dry run printed, or changes written)
  1  --check: changes are pending, or follow-ups (TODOs) are still open
  2  error: bad usage or input, or a write failed (nothing was changed)
  3  --write refused: uncommitted changes under the target, or git could not tell (commit, stash, or --allow-dirty)
  4  --check: nothing pending in the files read, but some file that mentions the driver could not be
     read or changed safely (listed), so the check has not passed`;
