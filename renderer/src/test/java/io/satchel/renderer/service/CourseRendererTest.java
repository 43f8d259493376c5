package io.satchel.renderer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.common.storage.StorageException;
import io.satchel.events.CourseKey;
import io.satchel.events.RenderManifest;
import io.satchel.renderer.olx.OlxCourse;
import io.satchel.renderer.olx.OlxCourseReader;
import io.satchel.renderer.olx.OlxNode;
import io.satchel.renderer.render.BlockRenderer.RenderedPage;
import io.satchel.renderer.render.CourseContext;
import io.satchel.renderer.render.ExternalAssets;
import io.satchel.renderer.render.PageFile;
import io.satchel.renderer.service.CourseRenderer.RenderedBlocks;
import io.satchel.renderer.service.RenderStateStore.PreviousBlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bad block never sinks a course: a block that throws while rendering and one the reader could not read get the
 * unavailable page and their problem; every other block renders; the same source gives the same page again; a fixed
 * block renders normally on the next publish; a storage failure is not a block problem.
 */
class CourseRendererTest {
    static final String LMS = "http://lms.test";
    static final CourseKey KEY = CourseKey.parse("course-v1:Org+Iso+2026");
    static final RenderManifest.Problem UNREADABLE = new RenderManifest.Problem("MALFORMED_OLX",
            "cannot parse html/unreadable.xml: XML document structures must start and end within the same entity.");

    @TempDir
    Path dir;

    /** Pages stored in memory, by block id. */
    final Map<String, RenderedPage> stored = new ConcurrentHashMap<>();
    final CourseRenderer.PageStore memory = page -> {
        stored.put(page.block().blockId(), page);
        return page.files().stream().map(f -> new RenderManifest.File(f.path(),
                "mem/" + page.contentHash() + "/" + f.path(), f.size(), f.sha256())).toList();
    };

    @Test
    void aBlockThatThrowsAndOneTheReaderCouldNotReadAreUnavailableAndTheRestRenders() throws IOException {
        writeCourse();
        OlxCourse course = courseWithReaderProblem();
        CourseContext ctx = CourseContext.of(course, ExternalAssets.none(), LMS);
        CourseRenderer renderer = new CourseRenderer(2);

        RenderedBlocks first = renderer.render(ctx, renderer.plan(ctx, course, Map.of(), null), memory);

        Map<String, RenderManifest.Block> blocks = byUrlName(first);
        assertEquals(List.of("intro", "broken", "nofile", "unreadable", "outro"), first.blocks().stream()
                .map(b -> b.blockId().substring(b.blockId().lastIndexOf('@') + 1)).toList(), "course order");
        assertNull(blocks.get("intro").problem());
        assertNull(blocks.get("outro").problem());
        assertTrue(text(blocks.get("intro")).contains("Welcome"));
        assertEquals("MALFORMED_OLX", blocks.get("broken").problem().code());
        assertTrue(blocks.get("broken").problem().message().contains("broken.xml"),
                blocks.get("broken").problem().message());
        assertEquals("MISSING_FILE", blocks.get("nofile").problem().code());
        assertEquals(UNREADABLE, blocks.get("unreadable").problem());
        assertEquals(3, first.unavailableCount());
        assertEquals(5, first.renderedCount());
        for (String name : List.of("broken", "nofile", "unreadable")) {
            RenderManifest.Block b = blocks.get(name);
            Document page = Jsoup.parse(text(b));
            assertTrue(page.text().contains("could not be prepared for offline use"), page.text());
            assertEquals(LMS + "/courses/" + KEY.courseId() + "/jump_to/" + b.blockId(),
                    page.select(".satchel-unavailable a").attr("href"));
            assertTrue(b.files().stream().anyMatch(f -> f.path().equals("satchel.css")), name);
        }

        // the same source: every block keeps its page and its problem, nothing is rendered again
        stored.clear();
        Map<String, PreviousBlock> previous = previousOf(first);
        RenderPlan again = renderer.plan(ctx, course, previous, null);
        assertEquals(0, again.toRender());
        RenderedBlocks second = renderer.render(ctx, again, memory);
        assertEquals(first.blocks(), second.blocks());
        assertTrue(second.changed().isEmpty());
        assertTrue(stored.isEmpty());

        // rendered again anyway (no recorded lookups): the unavailable pages come out the same
        RenderedBlocks rerendered = renderer.render(ctx, renderer.plan(ctx, course, Map.of(), null), memory);
        for (String name : List.of("broken", "nofile", "unreadable")) {
            assertEquals(blocks.get(name).contentHash(), byUrlName(rerendered).get(name).contentHash(), name);
        }

        // fixed on the next publish: the html file exists now, the broken problem is well-formed
        Files.writeString(dir.resolve("html/nofile.html"), "<p>Found now</p>");
        Files.writeString(dir.resolve("problem/broken.xml"), "<problem display_name=\"Broken\"><p>Fixed</p></problem>");
        stored.clear();
        // the next publish reads the structure again (the reader flags a malformed file when it reads it)
        OlxCourse fixedCourse = courseWithReaderProblem();
        CourseContext fixedCtx = CourseContext.of(fixedCourse, ExternalAssets.none(), LMS);
        RenderPlan fixedPlan = renderer.plan(fixedCtx, fixedCourse, previous, null);
        assertEquals(2, fixedPlan.toRender());
        RenderedBlocks fixed = renderer.render(fixedCtx, fixedPlan, memory);
        Map<String, RenderManifest.Block> now = byUrlName(fixed);
        assertNull(now.get("nofile").problem());
        assertNull(now.get("broken").problem());
        assertTrue(text(now.get("nofile")).contains("Found now"));
        assertTrue(text(now.get("broken")).contains("Fixed"));
        assertNotEquals(blocks.get("nofile").contentHash(), now.get("nofile").contentHash());
        assertEquals(1, fixed.unavailableCount());
        assertEquals(java.util.Set.of(now.get("nofile").blockId(), now.get("broken").blockId()), fixed.changed());
    }

    @Test
    void aStorageFailureFailsTheRenderInsteadOfBecomingABlockProblem() throws IOException {
        writeCourse();
        OlxCourse course = OlxCourseReader.read(dir, KEY);
        CourseContext ctx = CourseContext.of(course, ExternalAssets.none(), LMS);
        CourseRenderer renderer = new CourseRenderer(2);
        CourseRenderer.PageStore down = page -> {
            throw new StorageException("S3 unreachable", null);
        };
        assertThrows(StorageException.class, () -> renderer.render(ctx, renderer.plan(ctx, course, Map.of(), null),
                down));
    }

    /** chapter → sequential → vertical with five leaves: two fine, one malformed, one naming a missing file. */
    private void writeCourse() throws IOException {
        write("course.xml", "<course url_name=\"2026\" org=\"Org\" course=\"Iso\"/>");
        write("course/2026.xml", "<course display_name=\"Isolation\"><chapter url_name=\"ch\"/></course>");
        write("chapter/ch.xml", "<chapter display_name=\"Chapter\"><sequential url_name=\"sq\"/></chapter>");
        write("sequential/sq.xml", "<sequential display_name=\"Sequence\"><vertical url_name=\"vt\"/></sequential>");
        write("vertical/vt.xml", "<vertical display_name=\"Unit\"><html url_name=\"intro\"/>"
                + "<problem url_name=\"broken\"/><html url_name=\"nofile\"/><html url_name=\"unreadable\"/>"
                + "<html url_name=\"outro\"/></vertical>");
        write("html/intro.xml", "<html filename=\"intro\" display_name=\"Intro\"/>");
        write("html/intro.html", "<p>Welcome</p>");
        // the root element reads fine (the structure is read), the rest does not parse (when rendered)
        write("problem/broken.xml", "<problem display_name=\"Broken\"><p>unclosed</problem>");
        write("html/nofile.xml", "<html filename=\"nofile\" display_name=\"No file\"/>");
        write("html/unreadable.xml", "<html filename=\"unreadable\" display_name=\"Unreadable\"/>");
        write("html/unreadable.html", "<p>never shown</p>");
        write("html/outro.xml", "<html filename=\"outro\" display_name=\"Outro\"/>");
        write("html/outro.html", "<p>Bye</p>");
    }

    /** The course as read, with one leaf as the reader offers a block whose definition it could not read. */
    private OlxCourse courseWithReaderProblem() {
        OlxCourse course = OlxCourseReader.read(dir, KEY);
        List<OlxNode> unit = course.chapters().get(0).children().get(0).children().get(0).children();
        int i = unit.indexOf(unit.stream().filter(l -> l.urlName().equals("unreadable")).findFirst().orElseThrow());
        OlxNode leaf = unit.get(i);
        unit.set(i, new OlxNode(leaf.type(), leaf.urlName(), leaf.blockId(), leaf.displayName(), leaf.path(),
                leaf.definitionFile(), null, leaf.htmlFilename(), UNREADABLE));
        return course;
    }

    private static Map<String, PreviousBlock> previousOf(RenderedBlocks rendered) {
        Map<String, PreviousBlock> out = new HashMap<>();
        for (RenderManifest.Block b : rendered.blocks()) {
            out.put(b.blockId(), new PreviousBlock(b.contentHash(), b.files(), b.missingAssets(),
                    rendered.dependencies().get(b.blockId()), b.problem()));
        }
        return out;
    }

    private static Map<String, RenderManifest.Block> byUrlName(RenderedBlocks rendered) {
        return rendered.blocks().stream().collect(Collectors.toMap(
                b -> b.blockId().substring(b.blockId().lastIndexOf('@') + 1), Function.identity()));
    }

    private String text(RenderManifest.Block block) {
        PageFile index = stored.get(block.blockId()).files().stream().filter(f -> f.path().equals("index.html"))
                .findFirst().orElseThrow();
        return new String(index.bytes(), StandardCharsets.UTF_8);
    }

    private void write(String path, String text) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
