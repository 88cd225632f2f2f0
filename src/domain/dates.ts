// The partial dates of the domain (YYYY, YYYY-MM, YYYY-MM-DD) name periods: a year, a month or a
// day. Sources often give no more than that ("last year", "by 2050"), so "2024" says only that
// the event falls somewhere in 2024. A comparison holds for such a date only when it holds for
// every day of its period: "2024-08" is on or after 2024-08-01, "2024" is neither before nor on or
// after 2024-05-19, and a commitment due "2026" is overdue only once 2026 is over.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The days of a month of the proleptic Gregorian calendar (the calendar ISO 8601 uses for every year). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The first day of the period: 2024 → 2024-01-01, 2024-05 → 2024-05-01. */
export function firstDay(date: string): string {
  if (date.length === 4) return `${date}-01-01`;
  if (date.length === 7) return `${date}-01`;
  return date;
}

/** The last day of the period: 2024 → 2024-12-31, 2024-02 → 2024-02-29. */
export function lastDay(date: string): string {
  if (date.length === 4) return `${date}-12-31`;
  if (date.length === 7) return `${date}-${pad(daysInMonth(Number(date.slice(0, 4)), Number(date.slice(5, 7))))}`;
  return date;
}

/** The day after a full date, or undefined after 9999-12-31, the last day a date can name. */
export function dayAfter(day: string): string | undefined {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  if (date < daysInMonth(year, month)) return `${day.slice(0, 8)}${pad(date + 1)}`;
  if (month < 12) return `${day.slice(0, 5)}${pad(month + 1)}-01`;
  return year < 9999 ? `${pad(year + 1, 4)}-01-01` : undefined;
}

/**
 * The coarsest date that begins on this day: 2024-01-01 → 2024, 2024-05-01 → 2024-05, 2024-05-19
 * stays. As text, every date whose period begins on or after the day sorts at or after it, and
 * every date whose period begins before the day sorts before it.
 */
export function coarsestFrom(day: string): string {
  if (day.endsWith('-01-01')) return day.slice(0, 4);
  if (day.endsWith('-01')) return day.slice(0, 7);
  return day;
}

/** The coarser periods that hold this date: 2024-05-19 → 2024 and 2024-05. */
export function enclosingPeriods(date: string): string[] {
  return [date.slice(0, 4), date.slice(0, 7)].filter((prefix) => prefix.length < date.length);
}

/** Whether the whole period of `date` is on or before `day` (a full date): "2026" is from 2026-12-31 on. */
export function endsOnOrBefore(date: string, day: string): boolean {
  return lastDay(date) <= day;
}

/**
 * Whether a period from `start` to `end` (null: not over: an office still held) certainly
 * includes some day of `date`: it began by the time `date` ends and did not end before `date`
 * begins. Partial dates count only for what they make certain: an office taken up in "2021" is
 * held on 2021-12-31 but perhaps not on 2021-06-01; one left in "2024" is held on 2024-01-01. On
 * a handover day both the outgoing and the incoming holder count.
 */
export function heldOn(start: string, end: string | null, date: string): boolean {
  return lastDay(start) <= lastDay(date) && (end === null || firstDay(end) >= firstDay(date));
}
