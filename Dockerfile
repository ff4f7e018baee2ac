# custodia in a container: built from source, run as a non-root user in an image without a shell.
#
#   docker build -t custodia .
#   docker compose up        # custodia on PostgreSQL (compose.yaml; secrets in deploy/secrets/)
#
# The final image holds the binary (pages and migrations are embedded in it), the policy
# directory and nothing else: no shell, no package manager.

FROM rust:1.95-bookworm AS build
WORKDIR /src
# Dependencies first, so a source change does not rebuild them: a stub crate with the real
# manifest, built once, then the real sources.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src benches \
    && echo 'fn main() {}' > src/main.rs \
    && touch src/lib.rs \
    && echo 'fn main() {}' > benches/hot_paths.rs \
    && cargo build --release --locked \
    && rm -rf src benches
COPY src src
COPY migrations migrations
COPY web web
COPY policies policies
COPY benches benches
# Cargo compares modification times: make the real sources newer than the stub's build.
RUN touch src/main.rs src/lib.rs && cargo build --release --locked \
    && mkdir -p /out/data && cp target/release/custodia /out/custodia

# gcr.io/distroless/cc: glibc and libgcc only, user 65532 ("nonroot"), no shell.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/custodia /usr/local/bin/custodia
COPY --from=build /src/policies /etc/custodia/policies
COPY --from=build --chown=65532:65532 /out/data /var/lib/custodia
ENV CUSTODIA_LISTEN=0.0.0.0:8080 \
    CUSTODIA_DATA_DIR=/var/lib/custodia \
    CUSTODIA_POLICY_DIR=/etc/custodia/policies \
    CUSTODIA_LOG_FORMAT=json
USER 65532:65532
VOLUME ["/var/lib/custodia"]
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/custodia"]
CMD ["serve"]
