export { createTestDatabase, adminDatabaseUrl, type TestDatabase } from './test-database';
export { waitFor, type WaitForOptions } from './wait-for';
export { createTcpProxy, type TcpProxy, type TcpProxyOptions } from './tcp-proxy';
export { createDatabaseDigest, type DatabaseDigest } from './database-digest';
export { fuzzOpenApi, fuzzTimeoutMs, type FuzzOptions, type FuzzReport, type FuzzFailure } from './fuzz/openapi-fuzz';
export { freePort } from './free-port';
export { startInfluxServer, type InfluxServer } from './influx-server';
export { startSmtpSink, type SmtpSink, type ReceivedMail } from './smtp-sink';
export { launchChromium, collectPageErrors, chromiumPath, seriousAxeFindings, CHROMIUM_ARGS, type AxeFinding } from './chromium';
