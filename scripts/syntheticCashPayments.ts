import fs from 'node:fs';

/** Writes synthetic cash payments (made-up accounts and receipts) until the file reaches `mb`. */
export function writeCashPayments(file: string, mb: number, maxRows = Infinity): number {
  const fd = fs.openSync(file, 'w');
  const target = mb * 1024 * 1024;
  let written = 0;
  let rows = 0;
  let buf = 'Entry Date,Transaction Date,area,office,machine,Receipt No,internal_ref,user,Net Amount,fund,MOP,Account\n';
  while (written + buf.length < target && rows < maxRows) {
    for (let i = 0; i < 5000 && rows < maxRows; i++, rows++) {
      const d = 1 + (rows % 28);
      const m = 4 + (rows % 9);
      const pence = 100 + ((rows * 7919) % 150000);
      const amount = `${rows % 97 === 0 ? '-' : ''}£${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
      buf += `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/2020,${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/2020,HACKNEY,HSC,M${rows % 20},R${String(rows).padStart(9, '0')},${10000000 + rows},U${1000 + (rows % 900)},${amount},1,CARD,3${String(10000000 + (rows % 120000) * 7).padStart(8, '0')}\n`;
    }
    fs.writeSync(fd, buf, null, 'latin1');
    written += buf.length;
    buf = '';
  }
  fs.closeSync(fd);
  return rows;
}
