/**
 * Payment barcode numbers for cash bills (billing-rules.md, "Bill numbers, barcodes, runs"):
 * the configured prefix, the account number's digits zero-padded to 9, and a Luhn check digit
 * computed over prefix and digits together. Pure.
 */

/** Luhn (mod 10) check digit for a string of digits. */
export function luhnCheckDigit(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError(`Luhn needs digits only: ${JSON.stringify(digits)}`);
  let sum = 0;
  // Double every second digit counting from the rightmost payload digit (the check digit goes after it).
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** True when the last digit is the Luhn check digit of the others. */
export function isLuhnValid(number: string): boolean {
  if (!/^\d{2,}$/.test(number)) return false;
  return luhnCheckDigit(number.slice(0, -1)) === number.slice(-1);
}

/**
 * `98263` + `034861122` + check digit → `982630348611225`. An `X` suffix is dropped (EXPECTED.md
 * choice 13: `382251954` and `382251954X` share the digits).
 */
export function paymentBarcode(prefix: string, accountNumber: string): string {
  if (!/^\d*$/.test(prefix)) throw new RangeError(`barcode prefix must be digits: ${JSON.stringify(prefix)}`);
  const digits = accountNumber.trim().replace(/[Xx]$/, '');
  if (!/^\d{1,9}$/.test(digits)) throw new RangeError(`account number has no 1–9 digit body: ${JSON.stringify(accountNumber)}`);
  const payload = prefix + digits.padStart(9, '0');
  return payload + luhnCheckDigit(payload);
}
