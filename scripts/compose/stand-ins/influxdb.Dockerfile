# Stand-in for influxdb:1.8: Debian's InfluxDB 1.x (influxd reads INFLUXDB_<SECTION>_<KEY> from the environment itself)
# and curl, which the official image has for health checks.
ARG BASE
FROM ${BASE}
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends influxdb curl ca-certificates >/dev/null && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/influxdb && chown -R influxdb:influxdb /var/lib/influxdb
USER influxdb
EXPOSE 8086
CMD ["influxd", "-config", "/etc/influxdb/influxdb.conf"]
