/** What a driver configuration does with server-side prepared statements. */
export type PreparePolicy =
  | { kind: 'never'; why: string }
  /** Named statements, but each name is unique and used only inside the transaction that made it. */
  | { kind: 'named-unique'; why: string }
  | { kind: 'named-immediately'; why: string }
  | { kind: 'named-after'; uses: number; why: string }
  | { kind: 'unknown'; why: string };

/**
 * Behind a transaction pooler without prepared-statement support only these are safe. Unique,
 * per-transaction names are safe because no statement is used on a second server connection
 * (DRIVER-FACTS.md, "Measured here": SQLAlchemy + asyncpg with uuid names, 600/600 per process).
 */
export const isPoolerSafe = (p: PreparePolicy): boolean => p.kind === 'never' || p.kind === 'named-unique';

export const policyLabel = (p: PreparePolicy): string =>
  p.kind === 'never'
    ? 'never prepares'
    : p.kind === 'named-unique'
      ? 'named, unique per use'
      : p.kind === 'named-immediately'
        ? 'prepares named statements'
        : p.kind === 'named-after'
          ? `prepares after ${p.uses} uses`
          : 'unknown';
