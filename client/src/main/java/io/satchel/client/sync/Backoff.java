package io.satchel.client.sync;

import java.time.Duration;

/** Exponential backoff with a cap: base, 2×base, 4×base … never more than cap between two attempts. */
public record Backoff(Duration base, Duration cap) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(15));

    public Backoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap");
        }
    }

    /** The wait after the {@code attempts}-th failed attempt (1 = first failure). */
    public Duration delayAfter(int attempts) {
        int doublings = Math.max(0, attempts - 1);
        if (doublings >= 62) {
            return cap;
        }
        long factor = 1L << doublings;
        long baseMillis = base.toMillis();
        if (baseMillis > cap.toMillis() / factor) {
            return cap;
        }
        return Duration.ofMillis(baseMillis * factor);
    }
}
