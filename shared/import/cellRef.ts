/** Excel column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function cellRef(columnIndex: number, row: number, sheet?: string): string {
  const ref = `${columnLetters(columnIndex)}${row}`;
  if (!sheet) return ref;
  // Excel quotes a sheet name with anything but letters, digits and _, doubling any apostrophe.
  return /[^A-Za-z0-9_]/.test(sheet) ? `'${sheet.replace(/'/g, "''")}'!${ref}` : `${sheet}!${ref}`;
}
