import { healthReportSchema, httpStatusFor, normalizeHealthStatus, parseHealthReport } from '../src';

describe('parseHealthReport', () => {
  it('when given the design example, then it is accepted as it is', () => {
    const example = {
      status: 'pass',
      serviceId: 'catalog',
      version: '0.1.0',
      releaseId: 'abc',
      checks: {
        uptime: [{ componentType: 'system', observedValue: 512, observedUnit: 's', status: 'pass', time: '2026-01-01T00:00:00.000Z' }],
        'inventory:responseTime': [
          {
            componentType: 'component',
            componentId: 'http://127.0.0.1:8003',
            observedValue: 2,
            observedUnit: 'ms',
            status: 'pass',
            time: '2026-01-01T00:00:00.000Z',
          },
        ],
      },
    };

    expect(parseHealthReport(example)).toEqual({ ok: true, report: example });
  });

  it.each([
    ['up', 'pass'],
    ['ok', 'pass'],
    ['UP', 'pass'],
    ['pass', 'pass'],
    ['warn', 'warn'],
    ['fail', 'fail'],
    ['error', 'fail'],
    ['down', 'fail'],
    ['DOWN', 'fail'],
  ])('when status is "%s", then it is read as %s', (raw, expected) => {
    const parsed = parseHealthReport({ status: raw });

    expect(parsed).toEqual({ ok: true, report: { status: expected } });
  });

  it('when a document has no checks at all, then it is accepted', () => {
    expect(parseHealthReport('{"status":"ok"}')).toEqual({ ok: true, report: { status: 'pass' } });
  });

  it('when checks and the document carry fields the draft does not name, then they are kept', () => {
    const parsed = parseHealthReport({
      status: 'warn',
      notes: ['n'],
      links: { about: 'http://x' },
      region: 'eu-1',
      checks: { 'disk:free': [{ status: 'down', observedValue: '12%', affectedEndpoints: ['/api'], shard: 3 }] },
    });

    expect(parsed).toEqual({
      ok: true,
      report: {
        status: 'warn',
        notes: ['n'],
        links: { about: 'http://x' },
        region: 'eu-1',
        checks: { 'disk:free': [{ status: 'fail', observedValue: '12%', affectedEndpoints: ['/api'], shard: 3 }] },
      },
    });
  });

  it('when a check is a lone object instead of an array, then it is read as a one-element array', () => {
    const parsed = parseHealthReport({ status: 'pass', checks: { 'db:ping': { status: 'up' } } });

    expect(parsed).toEqual({ ok: true, report: { status: 'pass', checks: { 'db:ping': [{ status: 'pass' }] } } });
  });

  it('when a check has no status, then it is accepted without one (the draft does not require it)', () => {
    expect(parseHealthReport({ status: 'pass', checks: { 'db:ping': [{ observedValue: 1 }] } })).toEqual({
      ok: true,
      report: { status: 'pass', checks: { 'db:ping': [{ observedValue: 1 }] } },
    });
  });

  it('when version is a bare number, then it is read as its text', () => {
    expect(parseHealthReport({ status: 'pass', version: 2 })).toEqual({ ok: true, report: { status: 'pass', version: '2' } });
  });

  it.each<[string, unknown, RegExp]>([
    ['not JSON text', '<html>502 Bad Gateway</html>', /^body: invalid JSON/],
    ['an array', [], /^body: expected a JSON object, got an array$/],
    ['null', null, /^body: expected a JSON object, got null$/],
    ['no status', { checks: {} }, /^status: required/],
    ['an unknown status', { status: 'maybe' }, /^status: expected one of pass, ok, up, warn, fail, error, down, got "maybe"$/],
    ['a numeric status', { status: 1 }, /^status: expected a status string, got number 1$/],
    ['checks as an array', { status: 'pass', checks: [] }, /^checks: expected an object, got an array$/],
    [
      'a check list of numbers',
      { status: 'pass', checks: { 'db:ping': [1] } },
      /^checks\.db:ping\.0: expected a check object, got number 1$/,
    ],
    [
      'a bad check status',
      { status: 'pass', checks: { 'db:ping': [{ status: 'green' }] } },
      /^checks\.db:ping\.0\.status: expected one of/,
    ],
    [
      'a non-string time',
      { status: 'pass', checks: { 'db:ping': [{ time: 5 }] } },
      /^checks\.db:ping\.0\.time: expected a string, got number 5$/,
    ],
    ['notes that are not strings', { status: 'pass', notes: [1] }, /^notes\.0: expected a string, got number 1$/],
  ])('when the document is %s, then it is rejected with an error naming the field', (_label, input, message) => {
    const parsed = parseHealthReport(input);

    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toMatch(message);
  });

  it('when several fields are wrong, then every one is named', () => {
    const parsed = parseHealthReport({ status: 'nope', serviceId: 7, checks: { 'a:b': [{ observedUnit: 1 }] } });

    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.split(':')[0])).toEqual(['status', 'serviceId', 'checks.a']);
  });

  it('when the schema is used directly, then it normalises like the parser', () => {
    expect(healthReportSchema.parse({ status: 'Up' })).toEqual({ status: 'pass' });
  });
});

describe('status helpers', () => {
  it('when a status is pass or warn, then its HTTP code is 200; fail is 503', () => {
    expect([httpStatusFor('pass'), httpStatusFor('warn'), httpStatusFor('fail')]).toEqual([200, 200, 503]);
  });

  it('when a spelling is unknown, then normalizeHealthStatus gives undefined', () => {
    expect(normalizeHealthStatus(' Error ')).toBe('fail');
    expect(normalizeHealthStatus('degraded')).toBeUndefined();
  });
});
