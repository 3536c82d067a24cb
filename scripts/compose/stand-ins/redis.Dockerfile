# Stand-in for redis:7-bookworm: Debian's Redis 7 as user redis in /data; like the official build, protected mode is
# off (the container's network is the boundary).
ARG BASE
FROM ${BASE}
RUN groupadd --system --gid 999 redis && useradd --system --uid 999 --gid redis --home-dir /data redis \
 && apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server >/dev/null && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown redis:redis /data
WORKDIR /data
USER redis
ENTRYPOINT ["/bin/sh", "-c", "if [ \"$1\" = redis-server ]; then shift; exec redis-server --protected-mode no \"$@\"; fi; exec \"$@\"", "--"]
EXPOSE 6379
CMD ["redis-server"]
