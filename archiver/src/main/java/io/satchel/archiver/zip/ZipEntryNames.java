package io.satchel.archiver.zip;

/** Which entry names a Satchel zip may hold: relative, forward slashes, no empty, "." or ".." segments. */
public final class ZipEntryNames {

    /** @throws IllegalArgumentException when the name could escape the folder a client unpacks into */
    public static void requireSafe(String name) {
        if (!isSafe(name)) {
            throw new IllegalArgumentException("unsafe zip entry name: " + name);
        }
    }

    public static boolean isSafe(String name) {
        if (name == null || name.isEmpty() || name.length() > 1024 || name.startsWith("/") || name.endsWith("/")
                || name.indexOf('\\') >= 0 || name.indexOf(0) >= 0) {
            return false;
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private ZipEntryNames() {
    }
}
