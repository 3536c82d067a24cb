/** Calendar arithmetic for leave: ISO dates (YYYY-MM-DD), half-day slots, working days. */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for an ISO date (UTC, no time zone surprises). */
export function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

/** The ISO date of a day number. */
export function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Saturday or Sunday. */
export function isWeekend(day: number): boolean {
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** A leave period: inclusive dates; `halfDayStart` = only the afternoon of the first day, `halfDayEnd` = only the morning of the last. */
export interface LeavePeriod {
  startDate: string;
  endDate: string;
  halfDayStart: boolean;
  halfDayEnd: boolean;
}

/** The period as inclusive half-day slots (two per day), so that a morning and an afternoon off on the same day do not overlap. */
export function slotsOf(period: LeavePeriod): { startSlot: number; endSlot: number } {
  return {
    startSlot: dayNumber(period.startDate) * 2 + (period.halfDayStart ? 1 : 0),
    endSlot: dayNumber(period.endDate) * 2 + (period.halfDayEnd ? 0 : 1),
  };
}

/** Why a period cannot be a leave request, or null when it can. */
export function periodProblem(period: LeavePeriod): string | null {
  const start = dayNumber(period.startDate);
  const end = dayNumber(period.endDate);
  if (end < start) return 'endDate is before startDate';
  if (period.startDate.slice(0, 4) !== period.endDate.slice(0, 4))
    return 'a request cannot span two calendar years; split it at the year end';
  if (start === end && period.halfDayStart && period.halfDayEnd)
    return 'a one-day request cannot be both halfDayStart and halfDayEnd; use one of them for half a day';
  return null;
}

/** Working days in the period: weekends and holidays excluded, half days count 0.5 when they fall on a working day. */
export function workingDays(period: LeavePeriod, holidays: ReadonlySet<string>): number {
  const start = dayNumber(period.startDate);
  const end = dayNumber(period.endDate);
  const isWorking = (day: number): boolean => !isWeekend(day) && !holidays.has(isoDateOf(day));
  let days = 0;
  for (let day = start; day <= end; day += 1) if (isWorking(day)) days += 1;
  if (period.halfDayStart && isWorking(start)) days -= 0.5;
  if (period.halfDayEnd && isWorking(end)) days -= 0.5;
  return days;
}
