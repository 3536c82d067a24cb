# One image recipe for every fleet member: docker build --build-arg MEMBER=services/catalog -t erp/catalog .
# No build step: the code runs with tsx, as in `pnpm start`.
FROM node:20-bookworm-slim AS base
RUN npm i -g pnpm@12.4.2 && groupadd --system erp && useradd --system --gid erp --home /app erp
WORKDIR /app

FROM base AS install
ARG MEMBER
COPY . .
# Only the member and the workspace packages it depends on, production dependencies only.
RUN pnpm install --frozen-lockfile --prod --filter "./${MEMBER}..." && rm -rf /root/.cache /root/.local/share/pnpm/store

FROM base
ARG MEMBER
ENV NODE_ENV=production MEMBER=${MEMBER} HOST=0.0.0.0
COPY --from=install --chown=erp:erp /app /app
USER erp
WORKDIR /app/${MEMBER}
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/main.ts"]
