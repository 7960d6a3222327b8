package io.jobscale.server;

import io.jobscale.settings.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobOptionsTest {

    @Test
    void defaultPriorityIsOneAndTheLabelComesFirst() {
        assertThat(JobOptions.defaults().priority()).isEqualTo(Priority.DEFAULT).isEqualTo(1);
        assertThat(JobOptions.priority(0).withLabels("team:billing").labels())
                .containsExactly("priority:0", "team:billing");
    }

    @Test
    void priorityOutsideZeroToNineIsRejected() {
        assertThatThrownBy(() -> JobOptions.priority(10)).hasMessageContaining("between 0 and 9");
        assertThatThrownBy(() -> JobOptions.priority(-1)).hasMessageContaining("between 0 and 9");
    }

    @Test
    void priorityCannotBeSmuggledInAsALabelAndLabelsAreLimited() {
        assertThatThrownBy(() -> JobOptions.defaults().withLabels("priority:0")).hasMessageContaining("withPriority");
        assertThatThrownBy(() -> JobOptions.defaults().withLabels("a", "b", "c")).hasMessageContaining("at most 2");
    }

    @Test
    void namedQueuesMapToTheirIndex() {
        Queues queues = Queues.from(Settings.of(Map.of("JOBSCALE_QUEUES", "Critical, HighPrio ,Default,LowPrio")));

        assertThat(JobOptions.defaults().withQueue(queues, "Critical").priority()).isZero();
        assertThat(JobOptions.defaults().withQueue(queues, "LowPrio").priority()).isEqualTo(3);
        assertThat(Queues.DEFAULT.priorityOf("Default")).isEqualTo(Priority.DEFAULT);
        assertThatThrownBy(() -> queues.priorityOf("Bulk")).hasMessageContaining("unknown queue 'Bulk'");
        assertThatThrownBy(() -> Queues.from(Settings.of(Map.of("JOBSCALE_QUEUES", "A,A"))))
                .hasMessageContaining("JOBSCALE_QUEUES");
    }
}
