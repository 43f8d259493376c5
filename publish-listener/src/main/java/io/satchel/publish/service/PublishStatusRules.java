package io.satchel.publish.service;

import io.satchel.publish.entity.PublishStatusRow;
import io.satchel.publish.model.PublishState;
import java.time.Instant;

/**
 * The one place that decides how a publish's status changes. Forward only: {@code accepted → rendered → live}, or
 * {@code failed} / {@code superseded} from accepted or rendered; live, failed and superseded are ends. A replayed or
 * late event therefore changes nothing. Each method answers whether it changed the row (then {@code updatedAt} is
 * set).
 */
public final class PublishStatusRules {

    /** A publish seen for the first time, at {@code accepted}. */
    public static PublishStatusRow accepted(String courseId, String publishId, Instant publishedAt, Instant receivedAt) {
        PublishStatusRow row = new PublishStatusRow();
        row.courseId = courseId;
        row.publishId = publishId;
        row.publishedAt = publishedAt;
        row.status = PublishState.ACCEPTED;
        row.problems = "[]";
        row.receivedAt = receivedAt;
        row.updatedAt = receivedAt;
        return row;
    }

    /**
     * The renderer finished. The counts and problems are recorded whenever they are first known (course.live may be
     * seen before course.rendered: they are separate topics), the status moves only from {@code accepted}.
     */
    public static boolean rendered(PublishStatusRow row, int total, int rendered, int unavailable,
            String problemsJson, Instant now) {
        boolean changed = false;
        if (row.blockTotal == null) {
            row.blockTotal = total;
            row.blockRendered = rendered;
            row.blockUnavailable = unavailable;
            row.problems = problemsJson;
            changed = true;
        }
        if (row.status == PublishState.ACCEPTED) {
            row.status = PublishState.RENDERED;
            changed = true;
        }
        return touched(row, changed, now);
    }

    /** sync-api serves this publish's offline manifest. */
    public static boolean live(PublishStatusRow row, Instant now) {
        return move(row, PublishState.LIVE, now);
    }

    /**
     * A record of this publish went to a dead-letter topic (or a course-level problem): the first failure is kept, and
     * a publish that is already live stays live.
     */
    public static boolean failed(PublishStatusRow row, String code, String message, Instant now) {
        if (!move(row, PublishState.FAILED, now)) {
            return false;
        }
        row.errorCode = code;
        row.errorMessage = message;
        return true;
    }

    /** {@code newer} went live: {@code row}, an older publish of the course that did not get there, never will. */
    public static boolean supersededBy(PublishStatusRow row, PublishStatusRow newer, Instant now) {
        boolean older = row.publishedAt != null && newer.publishedAt != null
                && row.publishedAt.isBefore(newer.publishedAt) && row.courseId.equals(newer.courseId);
        return older && move(row, PublishState.SUPERSEDED, now);
    }

    private static boolean move(PublishStatusRow row, PublishState to, Instant now) {
        if (row.status.isTerminal()) {
            return false;
        }
        row.status = to;
        return touched(row, true, now);
    }

    private static boolean touched(PublishStatusRow row, boolean changed, Instant now) {
        if (changed) {
            row.updatedAt = now;
        }
        return changed;
    }

    private PublishStatusRules() {
    }
}
