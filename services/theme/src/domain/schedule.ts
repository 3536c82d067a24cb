/** When a time-of-day preference switches: light from `lightFrom`, dark from `darkFrom` (local wall-clock "HH:MM"). */
export interface Schedule {
  lightFrom: string;
  darkFrom: string;
}

export const DEFAULT_SCHEDULE: Schedule = { lightFrom: '07:00', darkFrom: '19:00' };

/** "HH:MM" (00:00–23:59) → minutes after midnight. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** True when the string names a time zone this runtime knows (IANA name such as Europe/Berlin, or UTC). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Minutes after local midnight of `at` in `timeZone`. */
export function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** Light or dark at that instant under the schedule (the window may wrap past midnight). */
export function scheduledMode(schedule: Schedule, at: Date, timeZone: string): 'light' | 'dark' {
  const now = localMinutes(at, timeZone);
  const light = minutesOf(schedule.lightFrom);
  const dark = minutesOf(schedule.darkFrom);
  const isLight = light < dark ? now >= light && now < dark : now >= light || now < dark;
  return isLight ? 'light' : 'dark';
}
