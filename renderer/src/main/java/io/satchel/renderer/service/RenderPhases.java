package io.satchel.renderer.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The phases of a publish as one Micrometer timer, {@code satchel.renderer.phase{phase=...}} (/q/metrics), beside
 * {@code satchel.renderer.publish} for whole publishes.
 */
final class RenderPhases {
    /** The phases, in the order a publish goes through them. */
    enum Phase {
        /** stale check and the course's previous state (PostgreSQL, one transaction) */
        PREVIOUS,
        /** the unpacked snapshot brought up to date (index read, ranged or full read of the snapshot, unpack) */
        SNAPSHOT,
        /** the course structure (OLX read, or the last one reused) */
        OLX,
        /** which blocks render again (content hashes from recorded lookups) */
        PLAN,
        /** pages rendered and their files stored in S3 (in parallel) */
        RENDER,
        /** the render manifest stored in S3 (overlaps STATE) */
        STORE,
        /** the state recorded in PostgreSQL, committed once the manifest is stored */
        STATE
    }

    private final Map<Phase, Timer> timers = new EnumMap<>(Phase.class);

    RenderPhases(MeterRegistry registry) {
        for (Phase p : Phase.values()) {
            timers.put(p, Timer.builder("satchel.renderer.phase").tag("phase", p.name().toLowerCase(Locale.ROOT))
                    .description("time course.published events spent in each phase of rendering")
                    .register(registry));
        }
    }

    <T> T time(Phase phase, Supplier<T> work) {
        return timers.get(phase).record(work);
    }

    void run(Phase phase, Runnable work) {
        timers.get(phase).record(work);
    }
}
