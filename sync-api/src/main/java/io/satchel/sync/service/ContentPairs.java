package io.satchel.sync.service;

import io.satchel.sync.model.ProgressErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct (course, content) pairs of a learner's write request, numbered in first-seen order, and the ONE check
 * the bulk writes (progress, submissions) make of them inside their single statement: is the learner enrolled in the
 * course, and is the content in some manifest ever published for it ({@code course_block}). Items name their pair by
 * index, so each pair is sent, checked and joined once however many items name it.
 */
final class ContentPairs {
    /**
     * CTE {@code k(key, course_id, content_id, enrolled_batch, known)}; takes parameters 1–3 ({@link #bind}).
     * enrolled_batch is null when the learner is not enrolled.
     */
    static final String CHECKED = """
            k AS (
                SELECT (k.ord - 1)::int AS key, k.course_id, k.content_id, e.batch_id AS enrolled_batch,
                       EXISTS (SELECT 1 FROM course_block b
                               WHERE b.course_id = k.course_id AND b.block_id = k.content_id) AS known
                FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS k(course_id, content_id, ord)
                LEFT JOIN enrollment e ON e.user_id = ? AND e.course_id = k.course_id
            )""";
    /** Rows (false, key, enrolled) of the pairs that fail the check; see {@link #rejection(boolean)}. */
    static final String REJECTED = "SELECT false, key, enrolled_batch IS NOT NULL FROM k "
            + "WHERE enrolled_batch IS NULL OR NOT known";
    /** The condition on {@code k} of a pair that passed. */
    static final String PASSED = "k.enrolled_batch IS NOT NULL AND k.known";

    final List<String> courses = new ArrayList<>();
    final List<String> contents = new ArrayList<>();
    private final Map<String, Map<String, Integer>> byCourse = new HashMap<>();

    int indexOf(String course, String content) {
        Integer k = byCourse.computeIfAbsent(course, x -> new HashMap<>(1024)).putIfAbsent(content, courses.size());
        if (k != null) {
            return k;
        }
        courses.add(course);
        contents.add(content);
        return courses.size() - 1;
    }

    int size() {
        return courses.size();
    }

    /** Sets parameters 1–3 of {@link #CHECKED}. */
    void bind(Connection c, PreparedStatement ps, String userId) throws SQLException {
        ps.setArray(1, c.createArrayOf("text", courses.toArray(String[]::new)));
        ps.setArray(2, c.createArrayOf("text", contents.toArray(String[]::new)));
        ps.setString(3, userId);
    }

    /** The item code of a pair that failed: enrolled (so the content is unknown) or not. */
    static String rejection(boolean enrolled) {
        return enrolled ? ProgressErrors.UNKNOWN_CONTENT : ProgressErrors.NOT_ENROLLED;
    }
}
