import { waitFor } from '../src';

describe('waitFor', () => {
  it('when the predicate becomes truthy, then it resolves with that value', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : undefined), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('when the predicate throws at first, then it keeps polling until it passes', async () => {
    let calls = 0;
    await expect(
      waitFor(
        async () => {
          calls += 1;
          if (calls < 3) throw new Error('not yet');
          return true;
        },
        { intervalMs: 1 },
      ),
    ).resolves.toBe(true);
  });

  it('when the predicate never passes, then it rejects naming the condition and the last error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('still down');
        },
        { timeoutMs: 50, intervalMs: 5, message: 'service up' },
      ),
    ).rejects.toThrow(/service up not met within 50 ms; last error: still down/);
  });
});
