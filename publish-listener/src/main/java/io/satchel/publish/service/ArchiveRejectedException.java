package io.satchel.publish.service;

import io.satchel.common.rest.ApiException;
import java.util.Map;

/**
 * An export that must not be accepted: answered 422 with one of the codes below, or for an entry the archive-entry
 * policy refuses with its {@link io.satchel.events.archive.EntryRule} code; nothing is stored or emitted.
 */
public class ArchiveRejectedException extends ApiException {
    public static final String NOT_GZIP = "NOT_GZIP";
    public static final String BROKEN_ARCHIVE = "BROKEN_ARCHIVE";
    public static final String TOO_MANY_ENTRIES = "TOO_MANY_ENTRIES";
    public static final String TOO_LARGE = "TOO_LARGE";
    public static final String COMPRESSION_RATIO = "COMPRESSION_RATIO";
    public static final String MISSING_COURSE_XML = "MISSING_COURSE_XML";
    public static final String INVALID_COURSE_XML = "INVALID_COURSE_XML";
    public static final String XML_DTD_NOT_ALLOWED = "XML_DTD_NOT_ALLOWED";
    public static final String COURSE_ID_MISMATCH = "COURSE_ID_MISMATCH";
    /** course.xml points to course/{run}.xml and the export does not hold it. */
    public static final String MISSING_COURSE_FILE = "MISSING_COURSE_FILE";
    /** The course holds no chapter: nothing could ever be offered. */
    public static final String NO_STRUCTURE = "NO_STRUCTURE";

    public ArchiveRejectedException(String code, String message) {
        super(422, code, message);
    }

    public ArchiveRejectedException(String code, String message, Map<String, Object> details) {
        super(422, code, message, details);
    }
}
