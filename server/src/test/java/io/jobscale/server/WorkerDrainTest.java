package io.jobscale.server;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.db.store.DrainMarks;
import io.jobscale.db.testing.TestDatabase;
import io.jobscale.server.storage.JobscaleStorageProvider;
import io.jobscale.server.worker.GracefulStop;
import io.jobscale.server.worker.Worker;
import io.jobscale.server.worker.WorkerSettings;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jobrunr.jobs.states.StateName.ENQUEUED;
import static org.jobrunr.jobs.states.StateName.PROCESSING;
import static org.jobrunr.jobs.states.StateName.SUCCEEDED;

/**
 * A worker marked draining (the real engine, real PostgreSQL): it sees the mark with its heartbeat, claims nothing
 * new while its running job finishes, other workers take the new jobs, and once unmarked it claims again. A drained
 * worker stopped before its job ends hands the job back through the normal graceful stop.
 */
public class WorkerDrainTest {

    private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Released by the test: the long job of a drained worker runs until then. */
    private static volatile CountDownLatch release = new CountDownLatch(1);

    private DatabaseSettings database;
    private DrainMarks marks;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<Worker> workers = new ArrayList<>();
    private JobscaleStorageProvider clientStorage;

    /** A job that runs until the test releases it (and is interrupted by a graceful stop's await deadline). */
    public static void runUntilReleased() throws InterruptedException {
        if (!release.await(2, TimeUnit.MINUTES)) throw new IllegalStateException("never released");
    }

    public static void quick() {
        // a short job: its worker is what the test looks at
    }

    @BeforeEach
    void database() {
        release = new CountDownLatch(1);
        database = TestDatabase.fresh("server_worker_drain");
        HikariDataSource pool = DataSources.create(database, "test-drain-client");
        pools.add(pool);
        clientStorage = new JobscaleStorageProvider(pool);
        marks = new DrainMarks(pool);
    }

    @AfterEach
    void stop() {
        release.countDown();
        for (Worker worker : workers) worker.stopGracefully();
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void aMarkedWorkerFinishesItsJobTakesNoNewOnesAndClaimsAgainOnceUnmarked() throws Exception {
        Worker podA = start("pod-a/1");
        UUID longJob = enqueue(() -> WorkerDrainTest.runUntilReleased());
        await().atMost(PATIENCE).until(() -> processingOn(longJob, "pod-a/1"));

        marks.mark(Set.of("pod-a"), Instant.now(), Instant.now().plusSeconds(300));
        await("the heartbeat publishes that pod-a drains").atMost(PATIENCE)
                .until(() -> "true 1".equals(published("pod-a/1")));

        UUID whileDraining = enqueue(() -> WorkerDrainTest.quick());
        // Two heartbeats and polls of pod-a pass with a free thread and an enqueued job: it does not take it.
        Thread.sleep(POLL_INTERVAL.multipliedBy(2).toMillis());
        assertThat(state(whileDraining)).isEqualTo(ENQUEUED);

        Worker podB = start("pod-b/1");
        await("another worker takes the new job").atMost(PATIENCE).until(() -> state(whileDraining) == SUCCEEDED);
        assertThat(ranOn(whileDraining)).isEqualTo("pod-b/1");

        assertThat(state(longJob)).as("the drained worker's job still runs").isEqualTo(PROCESSING);
        release.countDown();
        await().atMost(PATIENCE).until(() -> state(longJob) == SUCCEEDED);
        assertThat(ranOn(longJob)).isEqualTo("pod-a/1");
        await("pod-a is idle and says it drains").atMost(PATIENCE)
                .until(() -> "true 0".equals(published("pod-a/1")));

        marks.clear(Set.of("pod-a"));
        podB.stopGracefully();
        workers.remove(podB);
        await().atMost(PATIENCE).until(() -> "false 0".equals(published("pod-a/1")));
        UUID afterUnmark = enqueue(() -> WorkerDrainTest.quick());
        await("unmarked, pod-a claims again").atMost(PATIENCE).until(() -> state(afterUnmark) == SUCCEEDED);
        assertThat(ranOn(afterUnmark)).isEqualTo("pod-a/1");
        assertThat(podA.isStopping()).isFalse();
    }

    @Test
    void aDrainedWorkerStoppedBeforeItsJobEndsHandsTheJobBack() throws Exception {
        Worker podA = start("pod-a/1");
        UUID longJob = enqueue(() -> WorkerDrainTest.runUntilReleased());
        await().atMost(PATIENCE).until(() -> processingOn(longJob, "pod-a/1"));
        marks.mark(Set.of("pod-a"), Instant.now(), Instant.now().plusSeconds(10));
        await().atMost(PATIENCE).until(() -> "true 1".equals(published("pod-a/1")));

        // The drain timed out: the autoscaler scales down anyway and the pod gets SIGTERM.
        GracefulStop.Result result = podA.stopGracefully();
        workers.remove(podA);
        assertThat(result.handedBack()).isEqualTo(1);
        assertThat(state(longJob)).isEqualTo(ENQUEUED);

        release.countDown();
        start("pod-b/1");
        await().atMost(PATIENCE).until(() -> state(longJob) == SUCCEEDED);
        Job job = clientStorage.getJobById(longJob);
        assertThat(job.getJobStates()).noneMatch(s -> s.getName() == StateName.FAILED);
        assertThat(ranOn(longJob)).isEqualTo("pod-b/1");
    }

    private Worker start(String serverName) {
        HikariDataSource pool = DataSources.create(database, "test-" + serverName.replace('/', '-'));
        pools.add(pool);
        Worker worker = Worker.start(new WorkerSettings(2, POLL_INTERVAL, Duration.ofSeconds(1), serverName),
                new JobscaleStorageProvider(pool), Worker.Mode.WORKER, Clock.systemUTC());
        workers.add(worker);
        await().atMost(PATIENCE).until(() -> worker.server().isAnnounced());
        return worker;
    }

    private UUID enqueue(org.jobrunr.jobs.lambdas.JobLambda job) {
        return new JobscaleClient(clientStorage).enqueue(job);
    }

    private StateName state(UUID id) {
        return clientStorage.getJobById(id).getState();
    }

    private boolean processingOn(UUID id, String serverName) {
        return state(id) == PROCESSING && serverName.equals(ranOn(id));
    }

    /** The server of the job's last PROCESSING state. */
    private String ranOn(UUID id) {
        return clientStorage.getJobById(id).getJobStates().stream()
                .filter(ProcessingState.class::isInstance).map(ProcessingState.class::cast)
                .reduce((first, second) -> second).map(ProcessingState::getServerName).orElse(null);
    }

    /** "draining occupiedWorkers" as the server's last heartbeat published them. */
    private String published(String serverName) throws Exception {
        return SqlQueries.single(database, "SELECT draining || ' ' || occupiedWorkers FROM jobrunr_backgroundjobservers"
                + " WHERE name = '" + serverName + "'");
    }
}
