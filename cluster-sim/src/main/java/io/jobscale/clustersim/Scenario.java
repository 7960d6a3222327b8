package io.jobscale.clustersim;

import java.nio.file.Path;

/** One {@code bin/cluster-sim <name>} run: sets up a cluster, drives it, and reports its figures and assertions. */
interface Scenario {

    String name();

    /** One line for {@code --help}. */
    String description();

    /**
     * @param checkout the repository root (manifests in {@code k8s/}, the launcher in {@code bin/})
     * @param runDir   where the run keeps its cluster log and pod directories
     */
    Summary run(Path checkout, Path runDir) throws Exception;
}
