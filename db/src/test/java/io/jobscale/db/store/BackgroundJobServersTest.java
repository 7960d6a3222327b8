package io.jobscale.db.store;

import com.zaxxer.hikari.HikariDataSource;
import io.jobscale.db.DataSources;
import io.jobscale.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static io.jobscale.db.store.StoreRows.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** jobrunr's server table on PostgreSQL: which servers are live, and the occupancy they publish. */
class BackgroundJobServersTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String POD_A = UUID.randomUUID().toString();

    private static HikariDataSource dataSource;
    private static BackgroundJobServers servers;

    @BeforeAll
    static void start() throws Exception {
        dataSource = DataSources.create(TestDatabase.fresh("background_job_servers"), "servers-test");
        servers = new BackgroundJobServers(dataSource);
        // Poll interval 5 s, timeout 4 intervals: a heartbeat older than 20 s is a dead server.
        StoreRows.server(dataSource, POD_A, "pod-a/1", 4, 3, true, NOW.minusSeconds(300), NOW.minusSeconds(2), false);
        StoreRows.server(dataSource, id(), "pod-b/1", 8, 0, true, NOW.minusSeconds(100), NOW.minusSeconds(4), true);
        StoreRows.server(dataSource, id(), "gone/1", 4, 4, true, NOW.minusSeconds(900), NOW.minusSeconds(25), false);
        StoreRows.server(dataSource, id(), "stopped/1", 4, 0, false, NOW.minusSeconds(90), NOW, false);
    }

    @AfterAll
    static void stop() {
        dataSource.close();
    }

    @Test
    void liveServersAreTheRunningOnesWithARecentHeartbeatOldestFirst() throws Exception {
        assertThat(servers.liveServers(NOW, 4)).extracting(ServerLoad::name,
                ServerLoad::workers, ServerLoad::draining)
                .containsExactly(tuple("pod-a/1", 4, false), tuple("pod-b/1", 8, true));
        assertThat(servers.liveServers(NOW, 4).get(0).id()).isEqualTo(POD_A);
    }

    @Test
    void aServerPublishesItsOccupancyAndDrainState() throws Exception {
        servers.publishOccupancy(POD_A, 1, true);
        assertThat(servers.liveServers(NOW, 4)).filteredOn(server -> server.id().equals(POD_A))
                .extracting(ServerLoad::occupiedWorkers, ServerLoad::draining)
                .containsExactly(tuple(1, true));
        servers.publishOccupancy(POD_A, 3, false);
    }
}
