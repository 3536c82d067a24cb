# Stand-in for maildev/maildev: the same npm package on the local Node image (SMTP :1025, web and API :1080).
# The install stage may trust an extra CA (networks that re-sign TLS); it is thrown away.
ARG BASE
FROM ${BASE} AS install
ARG MAILDEV_VERSION
ARG BUILD_EXTRA_CA_CERTS=""
WORKDIR /home/node
RUN if [ -n "$BUILD_EXTRA_CA_CERTS" ]; then printf '%s\n' "$BUILD_EXTRA_CA_CERTS" > /tmp/extra-ca.pem; export NODE_EXTRA_CA_CERTS=/tmp/extra-ca.pem; fi \
 && npm install --omit=dev --no-fund --no-audit --no-save "maildev@${MAILDEV_VERSION}" >/dev/null

FROM ${BASE}
COPY --from=install /home/node/node_modules /home/node/node_modules
WORKDIR /home/node
USER node
ENV MAILDEV_WEB_PORT=1080 MAILDEV_SMTP_PORT=1025 NODE_ENV=production
EXPOSE 1080 1025
ENTRYPOINT ["node", "/home/node/node_modules/maildev/bin/maildev"]
