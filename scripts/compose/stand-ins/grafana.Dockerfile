# NOT Grafana: a stand-in that answers Grafana's health check (GET /api/health) on :3000, with busybox-style wget for
# the compose health check. Used only by the compose test on machines that cannot pull grafana/grafana.
ARG BASE
FROM ${BASE}
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends wget >/dev/null && rm -rf /var/lib/apt/lists/*
COPY grafana-health.mjs /usr/share/grafana-stand-in/health.mjs
USER node
EXPOSE 3000
CMD ["node", "/usr/share/grafana-stand-in/health.mjs"]
