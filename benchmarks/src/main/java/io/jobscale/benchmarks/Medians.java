package io.jobscale.benchmarks;

import java.util.List;

/** Medians over benchmark rounds, so one disturbed round does not decide a figure. */
final class Medians {

    private Medians() {
    }

    /** The median of each column over the rows (one row per round, all of the same length). */
    static double[] ofColumns(List<double[]> rows) {
        double[] median = new double[rows.get(0).length];
        for (int c = 0; c < median.length; c++) {
            int column = c;
            double[] sorted = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
            median[c] = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        }
        return median;
    }
}
