import { describe, expect, it } from 'vitest';
import { recogniseSource, type FilePeek } from '../../../shared/import/recogniseSource';
import { fileColumns, IMPORTABLE_SOURCES } from '../../../shared/sources/catalog';

const peek = (p: Partial<FilePeek>): FilePeek => ({ name: 'export.csv', headers: [], text: '', kind: 'csv', ...p });

describe('recogniseSource', () => {
  it.each(Object.values(IMPORTABLE_SOURCES).filter((d) => d.format === 'tabular'))('knows $name by its headers alone, whatever the file is called', (def) => {
    const headers = fileColumns(def).map((c) => c.name.replace(/_/g, ' ').toUpperCase());
    const [best] = recogniseSource(peek({ name: 'Book1.csv', headers }));
    expect(best.source).toBe(def.name);
    expect(best.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('tells the two Valuation Office files apart by their columns', () => {
    const [best, next] = recogniseSource(peek({ name: 'vo_bands_2021.csv', headers: ['VO Band', 'Service', 'Amount', 'Percentage Diff 20/21'] }));
    expect(best.source).toBe('vo_bands_breakdown');
    expect(next.confidence).toBeLessThan(best.confidence);
  });

  it('knows print files and the deaths report by their layout', () => {
    expect(recogniseSource(peek({ name: 'run3.txt', kind: 'text', text: 'MR A SAMPLE|\nB|\n312345678   1|\nTotal Charge for Period|\n£1.00|\n' }))[0].source).toBe('fdm_bills');
    expect(recogniseSource(peek({ name: 'notices.txt', kind: 'text', text: 'This property is in band C and is exempt class E which is|\n' }))[0].source).toBe('fdm_exemptions');
    expect(recogniseSource(peek({ name: 'report.txt', kind: 'text', text: 'Name of Deceased|Date of Death|Usual Address\n' }))[0].source).toBe('death_list');
    expect(recogniseSource(peek({ name: 'scan.pdf', kind: 'pdf' }))[0].source).toBe('death_list');
  });

  it('says so when it has no idea', () => {
    expect(recogniseSource(peek({ name: 'holiday.csv', headers: ['Name', 'Days'] }))).toEqual([]);
  });
});
