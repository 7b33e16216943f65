/** RFC 4180 quoting: only fields with a comma, quote or line break are quoted. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}

/** Files written for people to open in Excel start with a UTF-8 byte-order mark. */
export const UTF8_BOM = '\ufeff';
