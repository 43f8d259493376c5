package io.satchel.events.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.events.archive.ArchiveEntries.Type;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArchiveEntryNamesTest {

    /** raw name → normalized name */
    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("course/course.xml", "course/course.xml"),
                Arguments.of("course.xml", "course.xml"),
                Arguments.of("./course/html/intro.html", "course/html/intro.html"),
                Arguments.of("././course.xml", "course.xml"),
                Arguments.of("course/static/", "course/static"),
                Arguments.of("course\\html\\intro.html", "course/html/intro.html"), // Windows-made archive
                Arguments.of(".\\course\\static\\a b.png", "course/static/a b.png"),
                Arguments.of("course//static///x.png", "course/static/x.png"),
                Arguments.of("course/./static/x.png", "course/static/x.png"),
                Arguments.of("course/static/..hidden..", "course/static/..hidden.."),
                Arguments.of("course/static/...", "course/static/..."),
                Arguments.of("course/static/été/日本語.png", "course/static/été/日本語.png"),
                Arguments.of("course/static/a:b.txt", "course/static/a:b.txt"),
                Arguments.of("course/static/Image.PNG", "course/static/Image.PNG"),
                Arguments.of("1:2.txt", "1:2.txt"),
                Arguments.of("c/" + "x".repeat(255), "c/" + "x".repeat(255)),
                Arguments.of("a/".repeat(63) + "f", "a/".repeat(63) + "f"),
                Arguments.of("./", ""),
                Arguments.of(".", ""));
    }

    /** raw name → the rule that refuses it */
    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("", EntryRule.INVALID_NAME),
                Arguments.of("course/a\0.xml", EntryRule.INVALID_NAME),
                Arguments.of("course/a\n.xml", EntryRule.INVALID_NAME),
                Arguments.of("course/\u001b[31m.xml", EntryRule.INVALID_NAME),
                Arguments.of("course/a\u007f.xml", EntryRule.INVALID_NAME),
                Arguments.of("/etc/cron.d/evil", EntryRule.ABSOLUTE_PATH),
                Arguments.of("\\Windows\\evil.dll", EntryRule.ABSOLUTE_PATH),
                Arguments.of("\\\\server\\share\\x", EntryRule.ABSOLUTE_PATH),
                Arguments.of("C:\\Windows\\evil.dll", EntryRule.ABSOLUTE_PATH),
                Arguments.of("c:evil.dll", EntryRule.ABSOLUTE_PATH),
                Arguments.of("z:/x", EntryRule.ABSOLUTE_PATH),
                Arguments.of("../evil.sh", EntryRule.PATH_TRAVERSAL),
                Arguments.of("course/../../evil.sh", EntryRule.PATH_TRAVERSAL),
                Arguments.of("course/html/../intro.html", EntryRule.PATH_TRAVERSAL),
                Arguments.of("course\\..\\..\\evil", EntryRule.PATH_TRAVERSAL),
                Arguments.of("./..", EntryRule.PATH_TRAVERSAL),
                Arguments.of("course/..", EntryRule.PATH_TRAVERSAL),
                Arguments.of("c/" + "x".repeat(256), EntryRule.NAME_TOO_LONG),
                Arguments.of("c/" + "é".repeat(128), EntryRule.NAME_TOO_LONG), // 256 UTF-8 bytes
                Arguments.of(("d".repeat(200) + "/").repeat(6) + "f", EntryRule.NAME_TOO_LONG),
                Arguments.of("a/".repeat(64) + "f", EntryRule.PATH_TOO_DEEP));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("accepted")
    void normalizesNamesEveryStageAccepts(String raw, String normalized) {
        assertEquals(normalized, ArchiveEntryNames.normalize(raw));
        if (!normalized.isEmpty()) {
            assertTrue(ArchiveEntryNames.isNormal(normalized));
            assertEquals(normalized, ArchiveEntryNames.normalize(normalized), "normalizing is idempotent");
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("refused")
    void refusesEachUnsafeNameWithItsCode(String raw, EntryRule rule) {
        UnsafeEntryException e = assertThrows(UnsafeEntryException.class, () -> ArchiveEntryNames.normalize(raw));
        assertEquals(rule, e.rule());
        assertEquals(rule.name(), e.code());
        assertEquals(raw, e.entryName());
        assertTrue(e.getMessage().endsWith(rule.reason() + "."), e.getMessage());
        assertFalse(e.getMessage().contains("\0") || e.getMessage().contains("\n"), "the message stays one line");
        assertFalse(ArchiveEntryNames.isNormal(raw));
    }

    @Test
    void notYetNormalNamesAreNotWhatWritersMayEmit() {
        for (String name : new String[] {"./a", "a/", "a//b", "a\\b", "a/./b", ""}) {
            assertFalse(ArchiveEntryNames.isNormal(name), name);
        }
        assertTrue(ArchiveEntryNames.isNormal("index.html"));
        assertTrue(ArchiveEntryNames.isNormal("assets/a b/c.png"));
    }

    @Test
    void nestedTreesGetTheLimitsBelowTheirFolder() {
        String inner = ("d".repeat(200) + "/").repeat(5) + "f"; // 1006 bytes: at the limit inside a block's tree
        String folder = "block-v1~3AOrg~2BC~2BR~2Btype~40html~2Bblock~40" + "x".repeat(150);
        assertEquals(folder + "/" + inner, ArchiveEntryNames.normalize(folder + "/" + inner, 1));
        assertEquals(EntryRule.NAME_TOO_LONG, assertThrows(UnsafeEntryException.class,
                () -> ArchiveEntryNames.normalize(folder + "/" + inner)).rule());
        assertEquals(EntryRule.PATH_TOO_DEEP, assertThrows(UnsafeEntryException.class,
                () -> ArchiveEntryNames.normalize("b/" + "a/".repeat(64) + "f", 1)).rule());
    }

    /** kind, name, link target → the rule; null target for entries that are not links */
    static Stream<Arguments> refusedEntries() {
        return Stream.of(
                Arguments.of(Type.SYMLINK, "course/static/passwd", "/etc/passwd", EntryRule.LINK_OUT_OF_TREE),
                Arguments.of(Type.SYMLINK, "course/static/x", "../../../x", EntryRule.LINK_OUT_OF_TREE),
                Arguments.of(Type.SYMLINK, "course/static/x", "..\\..\\..\\x", EntryRule.LINK_OUT_OF_TREE),
                Arguments.of(Type.SYMLINK, "course/static/x", "C:\\x", EntryRule.LINK_OUT_OF_TREE),
                Arguments.of(Type.SYMLINK, "course/x", "..", EntryRule.LINK_OUT_OF_TREE), // the top folder itself
                Arguments.of(Type.SYMLINK, "course/x", "", EntryRule.LINK_OUT_OF_TREE),
                Arguments.of(Type.HARDLINK, "course/static/shadow", "/etc/shadow", EntryRule.LINK_OUT_OF_TREE),
                Arguments.of(Type.HARDLINK, "course/static/x", "../x", EntryRule.LINK_OUT_OF_TREE),
                Arguments.of(Type.SYMLINK, "course/static/y", "../html/intro.html", EntryRule.LINK_NOT_ALLOWED),
                Arguments.of(Type.HARDLINK, "course/static/z", "course/html/intro.html", EntryRule.LINK_NOT_ALLOWED),
                Arguments.of(Type.SYMLINK, "../x", "y", EntryRule.PATH_TRAVERSAL), // the name is checked first
                Arguments.of(Type.SPECIAL, "course/pipe", null, EntryRule.UNSUPPORTED_ENTRY),
                Arguments.of(Type.FILE, "./", null, EntryRule.INVALID_NAME));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} → {3}")
    @MethodSource("refusedEntries")
    void refusesLinksAndSpecialFilesWithTheirCode(Type type, String name, String target, EntryRule rule) {
        UnsafeEntryException e = assertThrows(UnsafeEntryException.class,
                () -> new ArchiveEntries().accept(name, type, target));
        assertEquals(rule, e.rule());
    }

    @Test
    void refusesAFileTwiceAndAPathThatIsBothFileAndFolder() {
        ArchiveEntries entries = new ArchiveEntries();
        assertEquals("", entries.accept("./", Type.FOLDER));
        assertEquals("course", entries.accept("./course/", Type.FOLDER));
        assertEquals("course", entries.accept("course", Type.FOLDER), "a folder may be listed again");
        assertEquals("course/html/a.html", entries.accept("course/html/a.html", Type.FILE));
        assertEquals("course/html", entries.accept("course\\html\\", Type.FOLDER), "implied folders may be listed");
        assertEquals("course/Html/a.html", entries.accept("course/Html/a.html", Type.FILE), "case is kept apart");
        assertEquals(EntryRule.DUPLICATE_ENTRY, refusal(entries, "course\\html\\a.html", Type.FILE));
        assertEquals(EntryRule.DUPLICATE_ENTRY, refusal(entries, "./course//html/a.html", Type.FILE));
        assertEquals(EntryRule.PATH_CONFLICT, refusal(entries, "course/html", Type.FILE));
        assertEquals(EntryRule.PATH_CONFLICT, refusal(entries, "course/html/a.html/", Type.FOLDER));
        assertEquals(EntryRule.PATH_CONFLICT, refusal(entries, "course/html/a.html/b.png", Type.FILE));
    }

    private static EntryRule refusal(ArchiveEntries entries, String name, Type type) {
        return assertThrows(UnsafeEntryException.class, () -> entries.accept(name, type)).rule();
    }
}
