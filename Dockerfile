# jobscale image: every process (web, worker, run-one, example-app) from one image; the command picks the process.
# Build the jars first (mvn -B -DskipTests package), then: docker build -t jobscale/jobscale:0.1.0 .
# Runs as the unprivileged user 10001 (the manifests set runAsNonRoot and a read-only root filesystem); it writes only
# to /tmp, which the manifests mount as an emptyDir.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY bin/jobscale bin/jobscale
COPY cli/target/jobscale-cli.jar cli/target/jobscale-cli.jar
COPY cli/target/lib cli/target/lib
ENV JOBSCALE_SKIP_BUILD=true
# An application's image adds its job classes here (FROM this image, COPY its jar to /app/jobs/): bin/jobscale puts
# them on the classpath of every process, so the worker and run-one modes run the application's jobs.
ENV JOBSCALE_APP_CLASSPATH=/app/jobs/*
RUN groupadd --system --gid 10001 jobscale && useradd --system --uid 10001 --gid 10001 --no-create-home jobscale
USER 10001:10001
EXPOSE 8000 8080
ENTRYPOINT ["/app/bin/jobscale"]
CMD ["web"]
