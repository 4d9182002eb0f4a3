# The pharmacy voice agent as a container image: `docker build -t pharmacy-voice-agent .` or
# `podman build --format docker -t pharmacy-voice-agent .` (the docker format keeps the HEALTHCHECK).
#
# - Built from this repository: the jar is compiled in the first stage, with Debian's JDK 25 and the Maven wrapper.
# - A Java runtime cut to the standard modules with jlink, so no JDK and no package manager state in the image.
# - The recommended JVM settings (BENCHMARKS.md): G1, a 256 MiB to 1 GiB heap, and an AOT cache written by a training
#   run while the image is built. Override the flags with JDK_JAVA_OPTIONS; the cache stays in the ENTRYPOINT.
# - Runs as the unprivileged user 10001; the H2 database (the default) lives under the volume /data.
# - Configured by environment variables only (README, "Configuration"); health check on /observe/health.
#
# Offline, with no registry to pull debian:trixie-slim from, make it first: deploy/image/debian-base.sh, then build
# with --pull=never.
ARG BASE_IMAGE=docker.io/library/debian:trixie-slim

FROM ${BASE_IMAGE} AS build
# The slim image has no manual page folders, which the JDK's post-installation script links into.
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && apt-get install -y --no-install-recommends openjdk-25-jdk-headless \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY it-tests/pom.xml it-tests/pom.xml
COPY domain domain
COPY adapters-twilio adapters-twilio
COPY adapters-deepgram adapters-deepgram
COPY adapters-functions adapters-functions
COPY adapters-telemetry adapters-telemetry
COPY adapters-llm adapters-llm
COPY application application
# The cache keeps Maven and the dependencies between builds; the tests run in CI, not here. Behind a proxy that
# re-signs HTTPS, mount the folder with its CA certificate at /usr/local/share/ca-certificates for the build (podman
# build -v FOLDER:/usr/local/share/ca-certificates:ro, as .ci/image.sh does): update-ca-certificates adds it for
# Maven, and the final image never sees it.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    update-ca-certificates >/dev/null 2>&1 \
 && ./mvnw -B -q -ntp -pl application -am -DskipTests package
# Every standard module (java.se), so no library meets a missing one at run time, plus the JDK's own ones that
# Helidon, the JDBC drivers and an operator use (Unsafe, management beans, JFR, socket options, jcmd). Compressed:
# 62 MB instead of 96; start-up measured no slower, as the AOT cache holds the classes it needs.
RUN jlink --add-modules java.se,jdk.unsupported,jdk.management,jdk.jfr,jdk.net,jdk.zipfs,jdk.naming.dns,jdk.jcmd \
          --strip-java-debug-attributes --no-man-pages --no-header-files --compress=zip-6 --output /opt/java

FROM ${BASE_IMAGE}
RUN groupadd --gid 10001 pharmacy \
 && useradd --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin pharmacy \
 && install -d -o 10001 -g 10001 -m 0750 /data
COPY --from=build /opt/java /opt/java
COPY --from=build /src/application/target/libs /opt/pharmacy-voice-agent/libs
COPY --from=build /src/application/target/pharmacy-voice-agent.jar /opt/pharmacy-voice-agent/
COPY deploy/image/healthcheck.sh /opt/pharmacy-voice-agent/bin/healthcheck
COPY deploy/image/aot-training.sh /opt/pharmacy-voice-agent/bin/aot-training
ENV JAVA_HOME=/opt/java \
    PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    JDK_JAVA_OPTIONS="-XX:+UseG1GC -Xms256m -Xmx1g" \
    DB_URL=jdbc:h2:file:/data/pharmacy
# Same java, jar path and flags as the ENTRYPOINT, or the JVM would refuse the cache.
RUN /opt/pharmacy-voice-agent/bin/aot-training /opt/pharmacy-voice-agent/pharmacy-voice-agent.aot \
        /opt/pharmacy-voice-agent/pharmacy-voice-agent.jar
USER 10001:10001
WORKDIR /data
VOLUME /data
EXPOSE 8080
# /observe/health: 200 with the database reachable and a Deepgram key set. SIGTERM drains calls (DRAIN_TIMEOUT,
# 30 s), so give `docker stop` longer than that: `docker stop -t 40`, or stop_grace_period in compose.yaml.
HEALTHCHECK --interval=15s --timeout=6s --start-period=30s --retries=3 CMD ["/opt/pharmacy-voice-agent/bin/healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:AOTCache=/opt/pharmacy-voice-agent/pharmacy-voice-agent.aot", "-jar", "/opt/pharmacy-voice-agent/pharmacy-voice-agent.jar"]
