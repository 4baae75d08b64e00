/** What a driver configuration does with server-side prepared statements. */
export type PreparePolicy =
  | { kind: 'never'; why: string }
  | { kind: 'named-immediately'; why: string }
  | { kind: 'named-after'; uses: number; why: string }
  | { kind: 'unknown'; why: string };

/** Behind a transaction pooler without prepared-statement support, only "never" is safe. */
export const isPoolerSafe = (p: PreparePolicy): boolean => p.kind === 'never';
