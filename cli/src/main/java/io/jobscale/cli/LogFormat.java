package io.jobscale.cli;

import io.jobscale.settings.InvalidSettingException;
import io.jobscale.settings.Settings;

import java.util.List;

/**
 * {@code JOBSCALE_LOG_FORMAT}: how every jobscale process prints its log lines, {@value #TEXT} (default) or
 * {@value #JSON} (one JSON object per line). {@code logback.xml} picks its appender by this very value; this class
 * only refuses the values it has no appender for, so a typo stops the process instead of silencing its logs.
 */
final class LogFormat {

    static final String KEY = "JOBSCALE_LOG_FORMAT";
    static final String TEXT = "text";
    static final String JSON = "json";
    static final String DEFAULT = TEXT;
    private static final List<String> VALUES = List.of(TEXT, JSON);

    private LogFormat() {
    }

    static void check(Settings settings) {
        String value = settings.string(KEY, DEFAULT);
        if (!VALUES.contains(value)) throw new InvalidSettingException(KEY, value, "must be one of " + VALUES);
    }
}
