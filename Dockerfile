# connect-advisor: multi-stage build. The build stage runs the same commands as CI's build;
# the runtime image holds one static-asset-free binary (templates, CSS, JS, price catalogs
# and migrations are embedded) and runs as a non-root user.

FROM rust:1.95-bookworm AS build
WORKDIR /src
# Dependencies first, so source edits do not rebuild them.
COPY Cargo.toml Cargo.lock build.rs ./
RUN mkdir -p src benches && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
    && for b in estimate analysis exports report; do echo 'fn main() {}' > benches/$b.rs; done \
    && cargo build --release --locked || true
COPY . .
RUN touch src/main.rs src/lib.rs && cargo build --release --locked --bin connect-advisor

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin advisor \
    && mkdir -p /data && chown advisor /data
COPY --from=build /src/target/release/connect-advisor /usr/local/bin/connect-advisor
USER advisor
WORKDIR /data
ENV CONNECT_ADVISOR_ADDR=0.0.0.0:8080 \
    CONNECT_ADVISOR_LOG_FORMAT=json \
    RUST_LOG=connect_advisor=info,tower_http=info
EXPOSE 8080
VOLUME ["/data"]
# Liveness: GET /healthz; readiness: GET /readyz (checks the database). Configure the probes in
# the orchestrator (Container Apps / AKS); the slim image has no HTTP client for HEALTHCHECK.
ENTRYPOINT ["/usr/local/bin/connect-advisor"]
CMD ["serve"]
