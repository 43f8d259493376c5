package io.satchel.events.archive;

/** An archive entry the {@link ArchiveEntryNames} policy refuses; each stage answers it in its own way. */
public class UnsafeEntryException extends RuntimeException {
    private final EntryRule rule;
    private final String entryName;

    public UnsafeEntryException(EntryRule rule, String entryName) {
        super("Refused archive entry '" + printable(entryName) + "': " + rule.reason() + ".");
        this.rule = rule;
        this.entryName = entryName;
    }

    public EntryRule rule() {
        return rule;
    }

    /** The code, e.g. {@code PATH_TRAVERSAL}. */
    public String code() {
        return rule.code();
    }

    /** The entry's name as the archive gave it (before normalization). */
    public String entryName() {
        return entryName;
    }

    /** The name with control characters shown as \\uXXXX, at most 200 characters, so messages stay one safe line. */
    static String printable(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < 200; i++) {
            char c = name.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return name.length() > 200 ? out + "…" : out.toString();
    }
}
