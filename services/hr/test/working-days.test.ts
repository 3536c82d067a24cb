import { periodProblem, slotsOf, workingDays } from '../src/domain/working-days';

const period = (startDate: string, endDate: string, halfDayStart = false, halfDayEnd = false) => ({
  startDate,
  endDate,
  halfDayStart,
  halfDayEnd,
});

test('when a period covers a full week, then five working days count', () => {
  expect(workingDays(period('2031-03-03', '2031-03-09'), new Set())).toBe(5);
});

test('when a holiday falls on a weekday, then it does not count; on a weekend it changes nothing', () => {
  expect(workingDays(period('2031-03-03', '2031-03-09'), new Set(['2031-03-05']))).toBe(4);
  expect(workingDays(period('2031-03-03', '2031-03-09'), new Set(['2031-03-08']))).toBe(5);
});

test('when a half day falls on a weekend or holiday, then nothing is subtracted for it', () => {
  expect(workingDays(period('2031-03-07', '2031-03-09', true, true), new Set())).toBe(0.5);
  expect(workingDays(period('2031-03-03', '2031-03-04', true, false), new Set(['2031-03-03']))).toBe(1);
});

test('when a morning and an afternoon of one day are taken, then their slots touch but do not overlap', () => {
  const morning = slotsOf(period('2031-03-03', '2031-03-03', false, true));
  const afternoon = slotsOf(period('2031-03-03', '2031-03-03', true, false));
  expect(morning.endSlot).toBeLessThan(afternoon.startSlot);
  expect(morning.startSlot).toBe(morning.endSlot);
});

test('when a period is backwards, spans a year end, or is a one-day request with both halves off, then it is refused with a reason', () => {
  expect(periodProblem(period('2031-03-05', '2031-03-03'))).toMatch(/before/);
  expect(periodProblem(period('2031-12-31', '2032-01-02'))).toMatch(/two calendar years/);
  expect(periodProblem(period('2031-03-03', '2031-03-03', true, true))).toMatch(/one-day/);
  expect(periodProblem(period('2031-03-03', '2031-03-03', true, false))).toBeNull();
});
