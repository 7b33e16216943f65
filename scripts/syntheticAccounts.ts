import fs from 'node:fs';
import { ACCOUNTS } from '../shared/sources/catalog';

/**
 * Writes a synthetic Academy export of `rows` accounts (all names and places made up), for
 * the benchmark and for trying the grid at a whole borough's size. Deterministic.
 */
export function writeSyntheticAccounts(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  const surnames = ['Sample', 'Example', 'Placeholder', 'Testfield', 'Dummywood', 'Patternson', 'Fixtureby', 'Mockley'];
  const streets = ['Sample Street', 'Example Road', 'Mock Terrace', 'Template Row', 'Prototype Walk'];
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor(seed / 65536) % n; // the high bits: an LCG's low bits repeat with a short period
  };
  let buf = `${ACCOUNTS.columns.map((c) => c.name).join(',')}\r\n`;
  for (let i = 0; i < rows; i++) {
    const account = `3${(10000000 + i * 7).toString().padStart(8, '0')}`;
    const values = ACCOUNTS.columns.map((c) => {
      switch (c.name) {
        case 'mail_merge_reference':
          return account;
        case 'occupied_date':
        case 'date_last_modified_occupancy':
        case 'vo_effective_date':
          return `${(1 + rand(28)).toString().padStart(2, '0')}/${(1 + rand(12)).toString().padStart(2, '0')}/${1993 + rand(28)}`;
        case 'vo_band':
          return 'ABCDEFGH'[rand(8)];
        case 'calculated_20_21_charge':
        case 'estimated_21_22_charge':
          return `"£1,${(100 + rand(899)).toString()}.${rand(100).toString().padStart(2, '0')}"`;
        case 'lead_liable_surname':
        case 'lead_liable_lastname':
          return surnames[rand(surnames.length)];
        case 'addr1':
          return `${1 + rand(300)} ${streets[rand(streets.length)]}`;
        case 'addr2':
          return 'London';
        case 'postcode':
          return `E${1 + rand(9)} ${rand(9)}${'XYZ'[rand(3)]}${'ABDEFGHJ'[rand(8)]}`;
        case 'payment_method_code':
          return rand(2) ? 'DD1' : 'CASHM';
        default:
          return c.type === 'text' ? `v${rand(1000)}` : '';
      }
    });
    buf += `${values.join(',')}\r\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf, null, 'latin1');
      buf = '';
    }
  }
  fs.writeSync(fd, buf, null, 'latin1');
  fs.closeSync(fd);
}
