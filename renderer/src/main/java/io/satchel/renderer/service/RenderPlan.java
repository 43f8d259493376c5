package io.satchel.renderer.service;

import io.satchel.events.RenderManifest;
import io.satchel.renderer.olx.OlxNode;
import io.satchel.renderer.service.RenderStateStore.PreviousBlock;
import java.util.List;

/**
 * Which leaves a publish renders: every leaf in course order, each either keeping its previous page (same content
 * hash: same OLX and same answers to the same lookups ⇒ same page) or to be rendered.
 */
public record RenderPlan(List<Step> steps) {

    /**
     * One leaf.
     *
     * @param previous its last rendering (null: none)
     * @param kept     its manifest entry when it keeps its previous page; null when it is rendered
     */
    public record Step(OlxNode leaf, PreviousBlock previous, RenderManifest.Block kept) {
    }

    public long toRender() {
        return steps.stream().filter(s -> s.kept() == null).count();
    }
}
