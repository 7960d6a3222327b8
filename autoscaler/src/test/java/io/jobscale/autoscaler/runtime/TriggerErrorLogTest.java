package io.jobscale.autoscaler.runtime;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jobscale.autoscaler.config.AutoscalerConfigParser;
import io.jobscale.autoscaler.config.MetricType;
import io.jobscale.autoscaler.trigger.Trigger;
import io.jobscale.autoscaler.trigger.TriggerException;
import io.jobscale.autoscaler.trigger.TriggerReading;
import io.jobscale.db.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A trigger's error is logged when it appears or changes and its recovery once, not at every poll. */
class TriggerErrorLogTest {

    private String error;

    @Test
    void aTriggerErrorIsLoggedOncePerChange() {
        Trigger trigger = new Trigger() {
            @Override
            public String metricName() {
                return "queue";
            }

            @Override
            public MetricType metricType() {
                return MetricType.AVERAGE_VALUE;
            }

            @Override
            public double targetValue() {
                return 5;
            }

            @Override
            public double activationTargetValue() {
                return 0;
            }

            @Override
            public TriggerReading read() throws TriggerException {
                if (error != null) throw new TriggerException(error);
                return new TriggerReading(0, false);
            }
        };
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        Autoscaler autoscaler = new Autoscaler(new AutoscalerConfigParser(Map.of()).parse(AutoscalerLoopTest.CONFIG),
                spec -> trigger, new FakeReplicaActuator(), null, null, new InMemoryEventLog(), new MutableClock(now));
        Logger logger = (Logger) LoggerFactory.getLogger(Autoscaler.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            for (String next : new String[]{"variable X is not set", "variable X is not set", "ConfigMap db not found",
                    "ConfigMap db not found", null, null}) {
                error = next;
                autoscaler.poll(now, true);
            }
        } finally {
            logger.detachAppender(log);
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "ScaledObject so: trigger queue: variable X is not set",
                "ScaledObject so: trigger queue: ConfigMap db not found",
                "ScaledObject so: trigger queue reads again");
    }
}
