import { describe, expect, it } from 'vitest';
import { isPoolerSafe, prepareThresholdPolicy, translateAsyncpgOption, urlValue, type OptionValue } from '../../src/drivers/index.js';

describe('driver knowledge base', () => {
  it('knows that prepare_threshold=0 prepares everything and only None disables (DRIVER-FACTS §0)', () => {
    expect(prepareThresholdPolicy('0').kind).toBe('named-immediately');
    expect(prepareThresholdPolicy('5')).toMatchObject({ kind: 'named-after', uses: 5 });
    expect(prepareThresholdPolicy(undefined)).toMatchObject({ kind: 'named-after', uses: 5 });
    expect(prepareThresholdPolicy('None').kind).toBe('never');
    expect(prepareThresholdPolicy('settings.X').kind).toBe('unknown');
    expect(isPoolerSafe(prepareThresholdPolicy('0'))).toBe(false);
    expect(isPoolerSafe(prepareThresholdPolicy('settings.X'))).toBe(false);
  });

  it('translates statement_cache_size=0 to prepare_threshold=None, never to 0', () => {
    const values: OptionValue[] = [{ type: 'int', n: 0 }, { type: 'int', n: 100 }, { type: 'str', s: '0' }, { type: 'unknown', source: 'x' }];
    for (const key of ['statement_cache_size', 'prepare_threshold']) {
      for (const v of values) {
        for (const where of ['url', 'connect_args'] as const) {
          const t = translateAsyncpgOption(key, v, where);
          if (t.action === 'replace') for (const e of t.entries) if (e.key === 'prepare_threshold') expect(e.value).toEqual({ type: 'none' });
        }
      }
    }
    expect(translateAsyncpgOption('statement_cache_size', { type: 'int', n: 0 }, 'connect_args')).toMatchObject({ action: 'replace', entries: [{ key: 'prepare_threshold', value: { type: 'none' } }] });
    expect(translateAsyncpgOption('statement_cache_size', { type: 'unknown', source: 'x' }, 'connect_args').action).toBe('flag');
  });

  it('maps asyncpg ssl/timeout to libpq and flags what has no equivalent', () => {
    const tr = (k: string, raw: string) => translateAsyncpgOption(k, urlValue(raw), 'url');
    expect(tr('ssl', 'require')).toMatchObject({ action: 'replace', entries: [{ key: 'sslmode', value: { s: 'require' } }] });
    expect(tr('ssl', 'true')).toMatchObject({ entries: [{ key: 'sslmode', value: { s: 'require' } }] });
    expect(tr('timeout', '2.5')).toMatchObject({ entries: [{ key: 'connect_timeout', value: { n: 3 } }] });
    expect(tr('command_timeout', '30')).toMatchObject({ action: 'remove' });
    expect(tr('ssl', '${MODE}').action).toBe('flag');
    expect(tr('application_name', 'x').action).toBe('keep');
    expect(tr('search_path', 'x').action).toBe('flag');
    expect(tr('prepared_statement_cache_size', '0').action).toBe('remove');
  });
});
