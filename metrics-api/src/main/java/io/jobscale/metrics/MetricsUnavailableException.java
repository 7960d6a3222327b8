package io.jobscale.metrics;

/** The database could not be asked; the HTTP layer answers 503 so KEDA treats the reading as failed, not as zero. */
public class MetricsUnavailableException extends RuntimeException {

    public MetricsUnavailableException(Throwable cause) {
        super("metrics unavailable: " + cause.getMessage(), cause);
    }
}
