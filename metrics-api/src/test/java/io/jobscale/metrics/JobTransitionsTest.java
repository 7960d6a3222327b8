package io.jobscale.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobTransitionsTest {

    @Test
    void theJobLabelIsTheClassAndMethodAJobCalls() {
        assertThat(JobTransitions.jobLabel("com.example.billing.Invoices.send(java.lang.Long,java.lang.String)"))
                .isEqualTo("Invoices.send");
        assertThat(JobTransitions.jobLabel("com.example.Outer$Inner.run()")).isEqualTo("Outer$Inner.run");
        assertThat(JobTransitions.jobLabel("Jobs.run()")).isEqualTo("Jobs.run");
        assertThat(JobTransitions.jobLabel("run")).isEqualTo("run");
        assertThat(JobTransitions.jobLabel(null)).isEmpty();
    }
}
