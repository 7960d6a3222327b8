package io.jobscale.cli;

import io.jobscale.autoscaler.actuator.kubernetes.KubernetesSettings;
import io.jobscale.autoscaler.runtime.AutoscalerSettings;
import io.jobscale.cli.worker.WorkerHttpSettings;
import io.jobscale.db.DatabaseSettings;
import io.jobscale.example.ExampleSettings;
import io.jobscale.server.Queues;
import io.jobscale.server.RunOneMain;
import io.jobscale.server.TerminationSignals;
import io.jobscale.server.worker.WorkerSettings;
import io.jobscale.web.WebAuthSettings;
import io.jobscale.web.WebSettings;

import java.util.ArrayList;
import java.util.List;

/** Every JOBSCALE_* key some component reads; anything else in the environment is a typo and fails the start. */
final class KnownSettings {

    static final List<String> ALL;

    static {
        List<String> keys = new ArrayList<>();
        keys.addAll(DatabaseSettings.KEYS);
        keys.addAll(WorkerSettings.KEYS);
        keys.addAll(WorkerHttpSettings.KEYS);
        keys.addAll(ExampleSettings.KEYS);
        keys.addAll(WebSettings.KEYS);
        keys.addAll(WebAuthSettings.ALL_KEYS);
        keys.addAll(AutoscalerSettings.KEYS);
        keys.addAll(KubernetesSettings.KEYS);
        keys.add(Queues.KEY);
        keys.add(RunOneMain.JOB_ID);
        keys.add(TerminationSignals.PARENT_PID);
        keys.add("JOBSCALE_LOG_LEVEL");
        keys.add(LogFormat.KEY);
        keys.add("JOBSCALE_SKIP_BUILD");
        keys.add("JOBSCALE_APP_CLASSPATH");   // read by bin/jobscale: an application's job classes
        ALL = List.copyOf(keys);
    }

    private KnownSettings() {
    }
}
