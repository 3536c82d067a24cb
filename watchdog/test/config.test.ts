import { watchdogConfigShape } from '../src/config';

describe('watchdog configuration', () => {
  test('when AUTH_CLIENT_SECRET is shorter than the 24 characters hr requires of a service account secret, then it is refused', () => {
    expect(watchdogConfigShape.AUTH_CLIENT_SECRET.safeParse('s'.repeat(23)).success).toBe(false);
    expect(watchdogConfigShape.AUTH_CLIENT_SECRET.safeParse('s'.repeat(24)).success).toBe(true);
  });
});
