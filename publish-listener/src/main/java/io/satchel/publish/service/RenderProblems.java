package io.satchel.publish.service;

import io.satchel.common.storage.ObjectStore;
import io.satchel.events.CourseRendered;
import io.satchel.events.EventJson;
import io.satchel.events.InvalidEventException;
import io.satchel.events.RenderManifest;
import io.satchel.publish.model.BlockProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The blocks of a rendered publish that could not be prepared offline, read from its render manifest. */
@ApplicationScoped
public class RenderProblems {
    private static final Logger LOG = Logger.getLogger(RenderProblems.class);

    @Inject
    ObjectStore store;

    /**
     * An absent or unreadable manifest gives no problems (the archiver dead-letters such an event, and that failure
     * reaches the status); an unreachable store throws, so the event is retried.
     */
    public List<BlockProblem> of(CourseRendered event) {
        if (event.renderManifestKey() == null) {
            return List.of();
        }
        Optional<InputStream> object = store.get(event.renderManifestKey());
        if (object.isEmpty()) {
            LOG.warnf("publish %s: no render manifest at %s", event.publishId(), event.renderManifestKey());
            return List.of();
        }
        try (InputStream in = object.get()) {
            RenderManifest manifest = EventJson.fromStream(in, RenderManifest.class);
            return manifest.blocks() == null ? List.of() : manifest.blocks().stream()
                    .filter(b -> b != null && b.problem() != null)
                    .map(b -> new BlockProblem(b.blockId(), b.problem().code(), b.problem().message()))
                    .toList();
        } catch (InvalidEventException | IOException e) {
            LOG.warnf("publish %s: render manifest %s unreadable: %s", event.publishId(), event.renderManifestKey(),
                    e.getMessage());
            return List.of();
        }
    }
}
