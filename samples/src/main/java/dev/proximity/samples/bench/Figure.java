package dev.proximity.samples.bench;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.util.Locale;

/**
 * One measured figure: JMH's score with its error (99.9 % confidence half-width) and unit.
 *
 * @param score the score
 * @param error the error, NaN when JMH had too few samples to give one
 * @param unit the unit, e.g. {@code us/op} or {@code ops/s}
 */
record Figure(double score, double error, String unit) {

    /** @param result a JMH run result @return its primary figure */
    static Figure of(RunResult result) {
        Result<?> primary = result.getPrimaryResult();
        return new Figure(primary.getScore(), primary.getScoreError(), primary.getScoreUnit());
    }

    /** @return e.g. {@code 1.23 ± 0.01 ms/op}: times per operation in the largest unit that keeps the score above 1 */
    String text() {
        if (unit.equals("us/op") && score >= 1_000_000) {
            return scaled(1_000_000, "s/op");
        }
        if (unit.equals("us/op") && score >= 1_000) {
            return scaled(1_000, "ms/op");
        }
        return scaled(1, unit);
    }

    private String scaled(double divisor, String scaledUnit) {
        return number(score / divisor) + (Double.isNaN(error) ? "" : " ± " + number(error / divisor)) + " " + scaledUnit;
    }

    /** @param value a number @return it with thousands separators and a sensible number of decimals */
    static String number(double value) {
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%,.0f" : magnitude >= 10 ? "%,.1f" : magnitude >= 1 ? "%,.2f" : "%,.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    /** @param ratio a ratio @return e.g. {@code 1.4x} */
    static String ratio(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : number(ratio) + "x";
    }
}
