import { describe, expect, it } from 'vitest';
import { dedupeEntries, entryKey, type DeathEntry } from '../../../shared/deaths/deathEntries';

const e = (reference: number, names: string, date: string, address: string): DeathEntry => ({ reference, names, date_of_death: date, address, line: reference + 1, page: null });

describe('entryKey / dedupeEntries', () => {
  it('skips an entry that repeats an earlier one (the sample: entry 4 repeats entry 2)', () => {
    const entries = [
      e(1, 'Oisin Patternworth', '2021-01-15', 'Flat 2, 180 Dummy Place, London, E9 3YZ'),
      e(2, 'Mei Fictiveworth', '2020-12-25', 'Flat 30, 175 Trial Way, London, E5 4YZ'),
      e(3, 'Kim Placeholderley', '2021-01-10', '138 Template Row, London, E9 9ZN'),
      e(4, 'Mei Fictiveworth', '2020-12-25', 'Flat 30, 175 Trial Way, London, E5 4YZ'),
    ];
    const { kept, duplicates } = dedupeEntries(entries);
    expect(kept.map((k) => k.reference)).toEqual([1, 2, 3]);
    expect(duplicates).toEqual([{ entry: entries[3], firstReference: 2 }]);
  });

  it('ignores case and white space, but not the date or other text', () => {
    const a = e(1, 'Mei Fictiveworth', '2020-12-25', 'Flat 30, 175 Trial Way, London, E5 4YZ');
    expect(entryKey(e(2, 'MEI  FICTIVEWORTH ', '2020-12-25', 'flat 30,175 trial way, london, e54yz'))).toBe(entryKey(a));
    expect(entryKey(e(2, 'Mei Fictiveworth', '2020-12-26', a.address))).not.toBe(entryKey(a));
    expect(entryKey(e(2, 'Mai Fictiveworth', a.date_of_death, a.address))).not.toBe(entryKey(a));
    expect(entryKey(e(2, 'Mei Fictiveworth', a.date_of_death, 'Flat 31, 175 Trial Way, London, E5 4YZ'))).not.toBe(entryKey(a));
    // A field boundary cannot be shifted between fields.
    expect(entryKey({ names: 'a', date_of_death: 'b', address: 'c' })).not.toBe(entryKey({ names: 'ab', date_of_death: '', address: 'c' }));
  });

  it('skips entries already loaded from an earlier report', () => {
    const earlier = [{ names: 'A One', date_of_death: '2021-01-01', address: '1 Road, E1 1AA' }];
    const { kept, duplicates } = dedupeEntries([e(1, 'a one', '2021-01-01', '1 ROAD, E1 1AA'), e(2, 'B Two', '2021-01-02', '2 Road')], earlier);
    expect(kept.map((k) => k.reference)).toEqual([2]);
    expect(duplicates.map((d) => [d.entry.reference, d.firstReference])).toEqual([[1, null]]);
  });
});
