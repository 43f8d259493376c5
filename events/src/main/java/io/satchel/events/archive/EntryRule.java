package io.satchel.events.archive;

/**
 * Why an archive entry is refused: one code and one sentence, the same at every stage (intake answers them as 422,
 * the renderer records them as the publish's failure, the archiver and the client refuse the zip with them).
 */
public enum EntryRule {
    INVALID_NAME("the entry name is empty or holds a NUL or another control character"),
    ABSOLUTE_PATH("the entry name is absolute (a leading '/' or '\\', or a drive letter such as C:); entries must be"
            + " relative to the archive's top"),
    PATH_TRAVERSAL("the entry name has a '..' segment, which could write outside the folder the archive unpacks into"),
    NAME_TOO_LONG("the entry name is longer than " + ArchiveEntryNames.MAX_NAME_BYTES
            + " bytes, or one of its folder or file names is longer than " + ArchiveEntryNames.MAX_SEGMENT_BYTES
            + " bytes (UTF-8)"),
    PATH_TOO_DEEP("the entry is nested more than " + ArchiveEntryNames.MAX_DEPTH + " folders deep"),
    LINK_OUT_OF_TREE("the entry is a link whose target is absolute or outside the archive"),
    LINK_NOT_ALLOWED("the entry is a link; links are not accepted, even inside the archive (Studio never exports"
            + " them, and block zips and offline clients could not carry them)"),
    UNSUPPORTED_ENTRY("the entry is neither a file nor a folder (a device, FIFO or sparse file)"),
    DUPLICATE_ENTRY("the archive holds this file twice (after normalization), and two tools could read different"
            + " copies"),
    PATH_CONFLICT("the archive holds this path both as a file and as a folder");

    private final String reason;

    EntryRule(String reason) {
        this.reason = reason;
    }

    /** The code in error bodies, publish status and logs. */
    public String code() {
        return name();
    }

    /** What the rule refuses, as a sentence fragment without the entry's name. */
    public String reason() {
        return reason;
    }
}
