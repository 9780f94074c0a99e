/** Number formatting shared by the report and the interpretation lines. */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const int = (value: number): string => (Number.isFinite(value) ? grouped.format(value) : '∞');

export const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '∞');

export const percent = (share: number): string => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
