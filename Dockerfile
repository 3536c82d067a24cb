# One recipe for every fleet member; the seven images differ only in their last, empty layers (MEMBER, WORKDIR):
#   docker build --build-arg MEMBER=services/catalog -t erp/catalog:0.1.0 .
# Layers shared by all members: the Node base, the user, one install of every member's production dependencies,
# the source. No build step: members run their TypeScript with tsx, as under `pnpm start` and in the tests.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS node

# Only the manifests, so the dependency layer below is rebuilt when a package.json or the lockfile changes, not the code.
FROM node AS manifests
COPY . /src
RUN find /src -type f ! -name package.json ! -name pnpm-lock.yaml ! -name pnpm-workspace.yaml ! -name .npmrc -delete \
 && find /src -type d -empty -delete

# The production dependencies of the seven members and the workspace packages they use (--filter-prod follows
# dependencies, not devDependencies; the root adds tsx). This stage is thrown away: only /app is copied out.
# BUILD_EXTRA_CA_CERTS: PEM certificates to trust while installing, for networks that re-sign TLS; never in the image.
FROM node AS deps
ARG BUILD_EXTRA_CA_CERTS=""
WORKDIR /app
COPY --from=manifests /src /app
RUN if [ -n "$BUILD_EXTRA_CA_CERTS" ]; then printf '%s\n' "$BUILD_EXTRA_CA_CERTS" > /tmp/extra-ca.pem; export NODE_EXTRA_CA_CERTS=/tmp/extra-ca.pem; fi \
 && npm install --global --no-fund --no-audit pnpm@12.4.2 >/dev/null \
 && pnpm --filter-prod "{./services/*}..." --filter-prod "{./observer}..." --filter-prod "{./watchdog}..." \
      install --frozen-lockfile --prod \
 && rm -rf /tmp/extra-ca.pem /root/.cache /root/.local /root/.npm

FROM node
RUN groupadd --gid 10001 erp && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin erp
COPY --from=deps /app /app
COPY . /app
# Code and dependencies stay owned by root: the member cannot change them (and runs with a read-only root filesystem).
USER 10001:10001
ENV NODE_ENV=production HOST=0.0.0.0
# GET /health/live on PORT (else the member's default port from its package.json): bash and a socket, no second runtime.
HEALTHCHECK --interval=5s --timeout=10s --start-period=120s --retries=3 \
  CMD bash -c 'exec 3<>"/dev/tcp/127.0.0.1/${PORT:-$(sed -n "s/.*\"port\": *\([0-9]*\).*/\1/p" package.json)}" && printf "GET /health/live HTTP/1.0\r\n\r\n" >&3 && read -r _ code _ <&3 && [ "$code" = 200 ]'
STOPSIGNAL SIGTERM
ARG MEMBER
LABEL org.opencontainers.image.title="erp ${MEMBER}"
ENV MEMBER=${MEMBER}
WORKDIR /app/${MEMBER}
CMD ["node", "--import", "tsx", "src/main.ts"]
