# syntax=docker/dockerfile:1
# Build stage: compilers and -dev packages stay here (no check, no Python: the
# image builds pystd alone, -DPYSTD_TESTS=OFF; the tests run from a clone).
FROM debian:bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential cmake pkg-config \
      libpcre2-dev libcurl4-openssl-dev libgmp-dev libhiredis-dev libgnutls28-dev zlib1g-dev ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY core ./core
COPY handlers ./handlers
COPY server ./server
RUN cmake -S . -B build -DPYSTD_TESTS=OFF -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE="-O2" \
 && cmake --build build -j"$(nproc)" --target pystd \
 && strip build/pystd

# Runtime stage: the binary, its shared libraries, a non-root user, a volume.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgnutls30 libpcre2-32-0 libcurl4 libgmp10 libhiredis0.14 zlib1g ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin pystd \
 && mkdir -p /data && chown pystd:pystd /data
COPY --from=build /src/build/pystd /usr/local/bin/pystd
ENV TZ=UTC PYSTD_PORT=8080 PYSTD_BIND=0.0.0.0 PYSTD_DATA_DIR=/data
# Tokens and HTTPS (README "Who may do what"): mount the token file, the
# certificate and its key as read-only secrets and name them, e.g.
#   -v ./tokens:/run/secrets/pystd-tokens:ro -e PYSTD_AUTH_FILE=/run/secrets/pystd-tokens
#   -e PYSTD_TLS_CERT=/run/secrets/pystd-cert -e PYSTD_TLS_KEY=/run/secrets/pystd-key
# (readable by uid 10001); `docker kill -s HUP` reloads them.  The
# HEALTHCHECK reads the same variables and probes over TLS when they are set.
VOLUME ["/data"]
USER pystd
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 CMD ["/usr/local/bin/pystd", "--check-health"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/pystd"]
