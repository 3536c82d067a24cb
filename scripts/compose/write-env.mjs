/**
 * `pnpm compose:env [file]` writes the `.env` that docker-compose.yml reads (default: `.env` next to it): the compose
 * project name, every secret the stack needs (64 hex characters: more than every member's minimum, URL- and
 * bearer-token-safe), demo users for a first look, and the Docker socket the watchdog may use. Never overwrites a file.
 * Plain JavaScript, so it runs right after a clone with Node alone.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A fresh secret: 32 random bytes as hex. */
function secret() {
  return randomBytes(32).toString('hex');
}

/** The `.env` text: project name, secrets, demo users and the Docker socket with its group. */
function composeEnv(options) {
  return [
    '# Written by `pnpm compose:env`; read by docker compose / docker-compose from this folder. Keep it private.',
    `COMPOSE_PROJECT_NAME=${options.projectName}`,
    '# Publish ports on every interface instead of 127.0.0.1 only: ERP_BIND_ADDRESS=0.0.0.0',
    'ERP_BIND_ADDRESS=127.0.0.1',
    `POSTGRES_PASSWORD=${secret()}`,
    `GRAFANA_ADMIN_PASSWORD=${secret()}`,
    '# Break-glass admin tokens (Authorization: Bearer …) of the observer and the watchdog.',
    `OBSERVER_ADMIN_TOKEN=${secret()}`,
    `WATCHDOG_ADMIN_TOKEN=${secret()}`,
    '# Service accounts at hr (client credentials) of orders, the observer and the watchdog.',
    `ORDERS_CLIENT_SECRET=${secret()}`,
    `OBSERVER_CLIENT_SECRET=${secret()}`,
    `WATCHDOG_CLIENT_SECRET=${secret()}`,
    '# Demo users admin@, manager@, employee@erp.example with this password. Set HR_DEMO_SEED=false in production.',
    'HR_DEMO_SEED=true',
    `HR_DEMO_PASSWORD=${secret()}`,
    '# The Docker engine the watchdog restarts members through, and the group that may use its socket.',
    `DOCKER_SOCKET=${options.dockerSocket}`,
    `DOCKER_GID=${options.dockerGid}`,
    '',
  ].join('\n');
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const file = path.resolve(process.argv[2] ?? path.join(repoRoot, '.env'));
if (existsSync(file)) {
  process.stderr.write(`compose:env: ${file} exists; not overwriting it (delete it first to make new secrets)\n`);
  process.exit(1);
}
const dockerSocket = process.env.DOCKER_SOCKET ?? '/var/run/docker.sock';
const dockerGid = existsSync(dockerSocket) ? statSync(dockerSocket).gid : 0;
const projectName = process.env.COMPOSE_PROJECT_NAME ?? 'erp';
writeFileSync(file, composeEnv({ projectName, dockerSocket, dockerGid }), { mode: 0o600, flag: 'wx' });
process.stdout.write(`compose:env: wrote ${file} (project ${projectName}); demo login: admin@erp.example with HR_DEMO_PASSWORD from it\n`);
