package io.satchel.common.io;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** At start, every {@link TempArea} of the service is cleaned of the temp files a killed (-9) earlier process left. */
@ApplicationScoped
public class StaleTempCleanup {
    private final List<StaleTempFiles> inUse = new ArrayList<>(); // kept: their locks mark the dirs as in use

    void onStart(@Observes StartupEvent event, Instance<TempArea> areas) {
        Instant start = StaleTempFiles.processStart();
        for (TempArea area : areas) {
            StaleTempFiles files = new StaleTempFiles(area.dir());
            files.cleanAtStart(area.prefixes(), start);
            inUse.add(files);
        }
    }
}
