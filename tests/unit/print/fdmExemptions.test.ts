import { describe, expect, it } from 'vitest';
import { parseFdmExemptions } from '../../../shared/print/fdmExemptions';
import { readPrintFixture } from '../../fixtures/print/readPrintFixture';

describe('parseFdmExemptions on the hand-written fixture (CRLF, latin1, form feed + page header)', () => {
  const { notices, problems } = parseFdmExemptions(readPrintFixture('exemptions.txt'));

  it('reads each notice with its starting line, names, band and class', () => {
    expect(notices).toEqual([
      {
        line: 1,
        account_number: '31111111',
        lead_name: 'MX ANON EXEMPTSON',
        additional_names: [],
        vo_band: 'B',
        exemption_class: 'N', // "…category of exempt" / "class N which is…"
        status: 'ok',
      },
      {
        line: 23,
        account_number: '322222222',
        lead_name: "MRS ÉLODIE O'PLACEHOLDER",
        additional_names: ["MR JEAN-LUC O'PLACEHOLDER"],
        vo_band: 'F', // band sentence mid-line
        exemption_class: 'H', // "exempt class H" inside one line
        status: 'ok',
      },
      {
        line: 45,
        account_number: '333333333X',
        lead_name: 'MISS NULLA ANNEXTON',
        additional_names: [],
        vo_band: 'A',
        exemption_class: 'W', // "class W" on its own line; ends "…made exempt."
        status: 'ok',
      },
      {
        line: 67,
        account_number: '344444444',
        lead_name: 'MR VOID SEPARATEBY',
        additional_names: [],
        vo_band: 'G',
        exemption_class: 'T', // "exempt class T" on its own line
        status: 'ok',
      },
      {
        line: 96,
        account_number: '355555555',
        lead_name: 'MS HALF NOTICEBY',
        additional_names: [],
        vo_band: 'C',
        exemption_class: '',
        status: 'TRUNCATED',
      },
    ]);
  });

  it('reports the block without an account line, with its line', () => {
    expect(problems).toEqual([expect.objectContaining({ line: 89, rule: 'UNREADABLE_NOTICE' })]);
  });

  it('reads the same from LF line ends', () => {
    const lf = parseFdmExemptions(readPrintFixture('exemptions.txt').replace(/\r\n/g, '\n'));
    expect(lf.notices).toEqual(notices);
  });

  it('does not take a word starting with a class letter as the class', () => {
    const text = [
      '----------',
      '|n|',
      '10 March 2020|',
      'MR X|',
      '|',
      '311111111   1|',
      'This property is in band Dee.|',
      'falls into the classification of exempt class Which|',
      'This exemption will apply until the circumstances change.|',
    ].join('\n');
    expect(parseFdmExemptions(text).notices[0]).toMatchObject({ vo_band: '', exemption_class: '', status: 'ok' });
  });
});
