package io.jobscale.autoscaler.runtime;

import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.autoscaler.trigger.Triggers;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The live config the what-if panel offers for editing: viewers see it, so literal secrets are hidden. */
class WhatIfConfigTest {

    private static final String LIVE = """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: {name: so}
            spec:
              scaleTargetRef: {name: workers}
              triggers:
                - type: redis
                  metadata:
                    address: redis:6379
                    password: hunter2
                    listName: jobs
                    listLength: "5"
                - type: metrics-api
                  metadata:
                    url: http://example/queue
                    valueLocation: depth
                    targetValue: "5"
                    apiKey: k3y
            """;

    @Test
    void hidesLiteralPasswordsAndApiKeysAndStillParses() {
        AutoscalerConfigParser parser = new AutoscalerConfigParser(Map.of());
        WhatIf whatIf = new WhatIf(LIVE, parser, new Triggers(null, Map.of())::create, new ScalingEventLog(null),
                Duration.ofDays(7), Clock.systemUTC());

        String editable = whatIf.editableYaml();
        assertThat(editable).doesNotContain("hunter2").doesNotContain("k3y")
                .contains("password: \"(hidden)\"").contains("apiKey: \"(hidden)\"")
                .contains("listName: jobs").contains("targetValue: \"5\"");
        assertThat(parser.parse(editable).scaledObjects()).hasSize(1);
        assertThat(whatIf.maxMinutes()).isEqualTo(7 * 24 * 60);
    }
}
