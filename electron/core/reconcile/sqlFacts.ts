// The arithmetic of shared/reconcile/accountFacts.ts as SQLite expressions, so derived update 5
// runs as one INSERT … SELECT over all accounts. Integer arithmetic only (SQLite's integer
// division truncates toward zero; these add the half and handle the sign). The unit tests
// check these against the TypeScript functions value by value.

/** `n ÷ d` rounded half-up (half away from zero); `d` must be a positive integer expression. */
export function sqlDivideHalfUp(n: string, d: string): string {
  return `(CASE WHEN (${n}) >= 0 THEN (2 * (${n}) + (${d})) / (2 * (${d})) ELSE -((2 * (-(${n})) + (${d})) / (2 * (${d}))) END)`;
}

/** Whole pence from a staged money cell, or NULL (a flagged cell may hold text). */
export function sqlPence(expr: string): string {
  return `(CASE WHEN typeof(${expr}) = 'integer' THEN ${expr} WHEN typeof(${expr}) = 'real' AND ${expr} = CAST(${expr} AS INTEGER) THEN CAST(${expr} AS INTEGER) END)`;
}

/** The ISO date when the cell is a real calendar date `YYYY-MM-DD`, else NULL (accountFacts.formattedDate). */
export function sqlIsoDate(expr: string): string {
  return `(CASE WHEN typeof(${expr}) = 'text' AND trim(${expr}) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(trim(${expr})) = trim(${expr}) THEN trim(${expr}) END)`;
}

/** Days occupied (accountFacts.daysOccupied) from an ISO-date-or-NULL expression and bound parameters `@start`, `@end`, `@days`. */
export function sqlDaysOccupied(isoDate: string): string {
  return `(CASE WHEN ${isoDate} IS NULL OR ${isoDate} < @start THEN @days ELSE max(0, CAST(round(julianday(@end) - julianday(${isoDate})) AS INTEGER) + 1) END)`;
}

/** charge − 25% of it rounded half-up (accountFacts.charge75). */
export function sqlCharge75(charge: string): string {
  return `(${charge} - ${sqlDivideHalfUp(`(${charge}) * 25`, '100')})`;
}
