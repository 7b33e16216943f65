import fs from 'node:fs';
import path from 'node:path';
import { importThroughBackend, type AppHost } from './appHost';

/**
 * A small Academy export in Windows-1252 with CRLF, with the quirks the import must handle:
 * officer spellings of headers, an unknown column, a repeated header, an identical and a
 * differing duplicate, and a bad date.
 */
export function smallAccountsCsv(): Buffer {
  const header = 'Mail Merge Reference,VO Band,Calculated 20/21 Charge,Occupied Date,lead_liable_surname,postcode,Equal Access Code';
  const lines = [
    header,
    '341705391,F,1310.50,13/07/1994,Dummywood,N16 6ZY,L',
    '323927779,C,"£1,310.50",26/01/2003,Testfield,E8 7XN,',
    header,
    '337200037X,C,£ 982.87,01-APR-2020,Patternson,E9 7ZH,',
    '341705391,F,1310.50,13/07/1994,Dummywood,N16 6ZY,L',
    '323927779,C,1310.5,27/01/2003,Testfield,E8 7XN,',
    '373980239,D,1474.31,31/02/2020,Fixtureby,E9 5XJ,',
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

/** Writes the small accounts file to `<app.dir>/accounts.csv` and imports it through the backend. */
export async function importSmallAccounts(app: AppHost): Promise<void> {
  const file = path.join(app.dir, 'accounts.csv');
  fs.writeFileSync(file, smallAccountsCsv());
  await importThroughBackend(app, { file, source: 'accounts' });
}
