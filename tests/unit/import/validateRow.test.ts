import { describe, expect, it } from 'vitest';
import { formatStagedValue, validateRow } from '../../../shared/import/validateRow';
import { ACCOUNTS, type ColumnDef } from '../../../shared/sources/catalog';

const col = (name: string) => ACCOUNTS.columns.findIndex((c) => c.name === name);
const def = (name: string) => ACCOUNTS.columns[col(name)];

/** Validates a row given only some canonical columns; the rest are absent from the file. */
function validate(cells: Record<string, string>) {
  return validateRow(ACCOUNTS, (i) => cells[ACCOUNTS.columns[i].name]);
}

describe('validateRow', () => {
  it('stages typed values: account, ISO dates, integer pence, band, trimmed text', () => {
    const { values, findings } = validate({
      mail_merge_reference: ' 312345678x ',
      property_ref: '00012345',
      occupied_date: '04/05/2020',
      vo_effective_date: '01-APR-1993 00:00:00',
      vo_band: 'c',
      calculated_20_21_charge: '£1,310.50',
      estimated_21_22_charge: '(£3.20)',
      lead_liable_surname: '  Sample  ',
      addr1: 'Flat 3,  12 Sample Street',
    });
    expect(findings).toEqual([]);
    expect(values[col('mail_merge_reference')]).toBe('312345678X');
    expect(values[col('property_ref')]).toBe('00012345');
    expect(values[col('occupied_date')]).toBe('2020-05-04');
    expect(values[col('vo_effective_date')]).toBe('1993-04-01');
    expect(values[col('vo_band')]).toBe('C');
    expect(values[col('calculated_20_21_charge')]).toBe(131050);
    expect(values[col('estimated_21_22_charge')]).toBe(-320);
    expect(values[col('lead_liable_surname')]).toBe('Sample');
    expect(values[col('addr1')]).toBe('Flat 3,  12 Sample Street');
  });

  it('stores null for every column absent from the file, without findings', () => {
    const { values, findings } = validate({ mail_merge_reference: '312345678' });
    expect(findings).toEqual([]);
    expect(values).toHaveLength(ACCOUNTS.columns.length);
    values.forEach((v, i) => expect(v).toBe(i === 0 ? '312345678' : null));
  });

  it('stores null for "no value" in money and date cells, never zero', () => {
    const { values, findings } = validate({ mail_merge_reference: '312345678', calculated_20_21_charge: '#N/A', estimated_21_22_charge: '', occupied_date: '-', vo_effective_date: 'N/A' });
    expect(findings).toEqual([]);
    for (const c of ['calculated_20_21_charge', 'estimated_21_22_charge', 'occupied_date', 'vo_effective_date']) expect(values[col(c)]).toBeNull();
  });

  it('keeps the trimmed text of a cell it cannot read and raises an error finding for it', () => {
    const { values, findings } = validate({
      mail_merge_reference: '312345678',
      occupied_date: ' 31/02/2020 ',
      calculated_20_21_charge: ' 1,31.50 ',
      estimated_21_22_charge: '12.345',
      vo_band: ' Z ',
    });
    expect(values[col('occupied_date')]).toBe('31/02/2020');
    expect(values[col('calculated_20_21_charge')]).toBe('1,31.50');
    expect(values[col('estimated_21_22_charge')]).toBe('12.345');
    expect(values[col('vo_band')]).toBe('Z');
    expect(findings.map((f) => [f.column, f.rule, f.severity, f.raw])).toEqual([
      [col('occupied_date'), 'BAD_DATE', 'error', '31/02/2020'],
      [col('vo_band'), 'BAD_BAND', 'error', 'Z'],
      [col('calculated_20_21_charge'), 'BAD_MONEY', 'error', '1,31.50'],
      [col('estimated_21_22_charge'), 'BAD_MONEY', 'error', '12.345'],
    ]);
    const date = findings.find((f) => f.rule === 'BAD_DATE')!;
    expect(date.message).toContain(def('occupied_date').label);
    expect(date.message).toContain('"31/02/2020"');
    expect(findings.find((f) => f.raw === '12.345')!.message).toContain('more than two decimal places');
  });

  it('a malformed account number is kept as text and is an error', () => {
    const { values, findings } = validate({ mail_merge_reference: ' 4123 45678 ' });
    expect(values[0]).toBe('4123 45678');
    expect(findings).toEqual([expect.objectContaining({ column: 0, rule: 'BAD_ACCOUNT_NUMBER', severity: 'error', raw: '4123 45678' })]);
  });

  it('an empty account number is a MISSING_KEY error with no value', () => {
    const { values, findings } = validate({ mail_merge_reference: '   ' });
    expect(values[0]).toBeNull();
    expect(findings).toEqual([{ column: 0, rule: 'MISSING_KEY', severity: 'error', raw: '', message: expect.stringContaining('Account number is empty') }]);
  });

  it('a file without the key column gives MISSING_KEY on every row', () => {
    const { values, findings } = validate({ postcode: 'E8 9ZZ' });
    expect(values[0]).toBeNull();
    expect(findings.map((f) => f.rule)).toEqual(['MISSING_KEY']);
  });

  it('text columns take anything, even what looks like a bad date', () => {
    const { values, findings } = validate({ mail_merge_reference: '312345678', for_addr_last_updated: '31/02/2020', employee_no: '#N/A' });
    expect(findings).toEqual([]);
    expect(values[col('for_addr_last_updated')]).toBe('31/02/2020');
    expect(values[col('employee_no')]).toBe('#N/A');
  });
});

describe('formatStagedValue', () => {
  const money = def('calculated_20_21_charge');
  const date = def('occupied_date');
  const textCol: ColumnDef = def('addr1');

  it('prints money as pounds, keeps flagged raw text, prints null as empty', () => {
    expect(formatStagedValue(money, 131050)).toBe('1310.50');
    expect(formatStagedValue(money, -320)).toBe('-3.20');
    expect(formatStagedValue(money, '1,31.50')).toBe('1,31.50');
    expect(formatStagedValue(money, null)).toBe('');
    expect(formatStagedValue(date, '2020-05-04')).toBe('2020-05-04');
    expect(formatStagedValue(textCol, '00012345')).toBe('00012345');
  });
});
