// The band breakdown (`vo_bands_breakdown`): per band, each recipient's 2021/22 amount and its
// change on 2020/21 (`percentage_diff_20_21`, kept as integer hundredths: 1.99% → 199).

export interface RecipientAmount {
  /** `service`, e.g. `LONDON BOROUGH OF HACKNEY`. */
  recipient: string;
  amountPence: number;
  /** `percentage_diff_20_21` in hundredths of a percent (3.00% → 300). */
  pctHundredths: number;
}

/** Band letter → its recipients, in the order they print. */
export type BandBreakdown = ReadonlyMap<string, readonly RecipientAmount[]>;

/** The recipients for a band, or null when the band is missing or has no breakdown. */
export function breakdownFor(band: string | null, breakdown: BandBreakdown): readonly RecipientAmount[] | null {
  if (band === null || band.trim() === '') return null;
  const lines = breakdown.get(band.trim().toUpperCase());
  return lines !== undefined && lines.length > 0 ? lines : null;
}

/** The account's band has a breakdown. */
export function hasBandBreakdown(band: string | null, breakdown: BandBreakdown): boolean {
  return breakdownFor(band, breakdown) !== null;
}
