package io.satchel.resilience;

import io.satchel.events.Topics;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one publish produced, read back from the topics: "exactly once" is judged by effects, not deliveries. A
 * redelivered record (same ce_id, same value) is allowed, and so is a renderer redoing a publish it never
 * committed (a second renderedAt, reported as a re-render); a second archive generation of the same publish (a
 * different generatedAt) or a second live announcement is a duplicate effect.
 *
 * @param renders      distinct course.rendered values (renderedAt) announced for the publish
 * @param generations  distinct archive generations (generatedAt of course.archived)
 * @param lives        distinct course.live announcements (ce_id)
 * @param deliveries   course.rendered + course.archived records in all (redeliveries included)
 */
public record Effects(int renders, int generations, int lives, int deliveries) {

    public static Effects of(EventLog log, String publishId) {
        List<EventLog.Event> rendered = log.ofPublish(Topics.COURSE_RENDERED, publishId);
        List<EventLog.Event> archived = log.ofPublish(Topics.COURSE_ARCHIVED, publishId);
        List<EventLog.Event> live = log.ofPublish(Topics.COURSE_LIVE, publishId);
        Set<String> renders = rendered.stream().map(e -> e.field("renderedAt")).collect(Collectors.toSet());
        Set<String> generations = archived.stream().map(e -> e.field("generatedAt")).collect(Collectors.toSet());
        Set<String> lives = live.stream().map(e -> e.header("ce_id")).collect(Collectors.toSet());
        return new Effects(renders.size(), generations.size(), lives.size(), rendered.size() + archived.size());
    }

    /** One archive generation and one live announcement: the publish went live exactly once. */
    public boolean liveExactlyOnce() {
        return generations == 1 && lives == 1;
    }

    /** Effects beyond the one expected: extra archive generations or live announcements (re-renders are redos). */
    public int duplicates() {
        return Math.max(0, generations - 1) + Math.max(0, lives - 1);
    }
}
