# syntax=docker/dockerfile:1
#
# Pinwheel container image.
#   docker build -t pinwheel .            (or: docker compose up --build)
# Stage 1 builds the jar with the Maven wrapper (tests run in CI with ./mvnw verify, not here) and
# splits it into Spring Boot layers; stage 2 is a JRE-only image running as a non-root user.
# Base images are pinned to exact Temurin releases; bump them deliberately (and add @sha256 digests
# from your registry if you mirror them).

FROM eclipse-temurin:21.0.8_9-jdk-noble AS build
WORKDIR /workspace
COPY .mvn/ .mvn/
COPY mvnw pom.xml openapi.yaml ./
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests package \
    && cp target/pinwheel-*.jar application.jar \
    && java -Djarmode=tools -jar application.jar extract --layers --destination extracted \
       --application-filename pinwheel.jar

FROM eclipse-temurin:21.0.8_9-jre-noble
# curl only for HEALTHCHECK (newer Temurin images no longer ship it); one non-root system user.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 pinwheel \
    && useradd --system --uid 10001 --gid pinwheel --no-create-home --shell /usr/sbin/nologin pinwheel
WORKDIR /application
# Layers from least to most often changed, so rebuilding after a code change reuses the others.
# Files stay owned by root: the service can read its code but not change it.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
USER 10001:10001
EXPOSE 8080
# 8081: the optional delivery listener (PINWHEEL_DELIVERY_PORT=8081, docs/deployment.md)
EXPOSE 8081
ENV SPRING_PROFILES_ACTIVE=prod
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/actuator/health/readiness"]
# Heap sized from the container's memory limit; extra JVM flags via JAVA_TOOL_OPTIONS.
# src/test/java/dev/pinwheel/PackagedJarIT.java starts the jar with exactly this command line.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "pinwheel.jar"]
