package io.satchel.resilience;

import java.util.Map;

/**
 * One stack for every scenario class of this test JVM (starting six service JVMs costs a minute on two cores): two
 * renderers and two archivers in their groups, publish-listener and sync-api. Each scenario uses course ids of its
 * own and leaves every process running again when it ends.
 */
final class SharedStack {
    /**
     * The renderers' shutdown grace in these tests: shorter than a full render of the demo course, so a SIGTERM in
     * the middle of one exercises the abandon path (production: 60 s, see deploy/k8s).
     */
    static final String RENDERER_GRACE = "PT2S";

    private static SatchelStack stack;

    static synchronized SatchelStack get() {
        if (stack == null) {
            stack = SatchelStack.start(SatchelStack.Options.of(2, 2)
                    .withServiceEnv("renderer", Map.of("SATCHEL_CONSUMER_SHUTDOWN_GRACE", RENDERER_GRACE)));
        }
        return stack;
    }

    private SharedStack() {
    }
}
