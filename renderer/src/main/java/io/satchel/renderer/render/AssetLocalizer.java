package io.satchel.renderer.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Makes a page self-contained: every reference to a course file becomes a relative path to a copy inside the block's
 * files. HTML is walked with jsoup (never regex); CSS (style attributes, {@code <style>}, .css files) has its
 * {@code url()} and {@code @import} rewritten, CSS files recursively with URLs relative to the CSS file; HTML files
 * shown in iframes or linked are localized the same way. Course files land under {@code assets/} with their path
 * inside {@code static/}.
 *
 * <p>Forms understood: {@code /static/NAME}, {@code /asset-v1:ORG+COURSE+RUN+type@asset+block@NAME},
 * {@code /c4x/ORG/COURSE/asset/NAME}, {@code /assets/courseware/...}, those same paths on an absolute URL when the
 * file is in the export, percent-encoding and spaces, relative paths (against static/ for block content, against the
 * file for CSS/HTML files), {@code /jump_to_id/X} (→ {@code ../<segment of X's page block>/index.html}). A course
 * file that does not exist is listed missing and the reference points at the LMS. External http(s) assets are
 * fetched for allow-listed hosts, else left online and listed missing; plain links stay as they are.
 */
public final class AssetLocalizer {
    /** How a reference is used: embedded (must be offline), a link (a page may stay online), or a frame. */
    enum Use { EMBED, LINK, FRAME }

    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\"'\\s]*))\\s*\\)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CSS_IMPORT = Pattern.compile("@import\\s+(?:\"([^\"]*)\"|'([^']*)')",
            Pattern.CASE_INSENSITIVE);
    static final String ASSET_DIR = "assets/";

    private final PageBuilder page;
    private final CourseContext ctx;
    private final Set<String> processing = new HashSet<>();

    public AssetLocalizer(PageBuilder page) {
        this.page = page;
        this.ctx = page.ctx();
    }

    /**
     * Localizes every reference under {@code root}.
     *
     * @param docPath   zip path of the HTML file the element belongs to (e.g. "index.html")
     * @param staticDir folder inside static/ that relative references resolve against ("" for block content)
     */
    public void localizeHtml(Element root, String docPath, String staticDir) {
        for (Element el : root.select("*")) {
            String tag = el.normalName();
            switch (tag) {
                case "img", "source", "track", "audio", "embed", "input", "video" -> {
                    rewriteAttr(el, "src", docPath, staticDir, Use.EMBED);
                    if (el.hasAttr("srcset")) {
                        el.attr("srcset", srcset(el.attr("srcset"), docPath, staticDir));
                    }
                    rewriteAttr(el, "poster", docPath, staticDir, Use.EMBED);
                }
                case "script" -> {
                    if (el.hasAttr("src") && isMathJaxCdn(el.attr("src"))) {
                        el.remove(); // math is rendered by the bundled MathJax
                        continue;
                    }
                    rewriteAttr(el, "src", docPath, staticDir, Use.EMBED);
                }
                case "link" -> {
                    String rel = el.attr("rel").toLowerCase(Locale.ROOT);
                    if (rel.contains("stylesheet") || rel.contains("icon")) {
                        rewriteAttr(el, "href", docPath, staticDir, Use.EMBED);
                    }
                }
                case "object" -> rewriteAttr(el, "data", docPath, staticDir, Use.EMBED);
                case "a", "area" -> rewriteAttr(el, "href", docPath, staticDir, Use.LINK);
                case "iframe", "frame" -> rewriteAttr(el, "src", docPath, staticDir, Use.FRAME);
                case "style" -> {
                    String css = css(el.data(), docPath, staticDir);
                    el.empty().appendChild(new DataNode(css)); // CSS is data, not escaped text
                }
                default -> {
                }
            }
            if (el.hasAttr("style")) {
                el.attr("style", css(el.attr("style"), docPath, staticDir));
            }
            if (el.hasAttr("background")) {
                rewriteAttr(el, "background", docPath, staticDir, Use.EMBED);
            }
            // Any other attribute naming a course file by an LMS path (lazy-loading data-src, link rel=preload, SVG
            // href, ...): a copy inside the page, or its online URL and listed missing — never a dead LMS path.
            for (org.jsoup.nodes.Attribute a : el.attributes()) {
                if (isLmsCoursePath(a.getValue())) {
                    a.setValue(reference(a.getValue(), docPath, staticDir, Use.EMBED));
                }
            }
        }
    }

    /** Whether a reference is a path the LMS serves course files under (dead offline). */
    static boolean isLmsCoursePath(String ref) {
        String r = ref.trim();
        return r.startsWith("/static/") || r.startsWith("/asset-v1:") || r.startsWith("/c4x/")
                || r.startsWith("/assets/courseware/");
    }

    private void rewriteAttr(Element el, String attr, String docPath, String staticDir, Use use) {
        if (el.hasAttr(attr)) {
            el.attr(attr, reference(el.attr(attr), docPath, staticDir, use));
        }
    }

    private String srcset(String srcset, String docPath, String staticDir) {
        StringBuilder out = new StringBuilder();
        for (String candidate : srcset.split(",")) {
            String c = candidate.trim();
            if (c.isEmpty()) {
                continue;
            }
            int sp = c.indexOf(' ');
            String url = sp < 0 ? c : c.substring(0, sp);
            String descriptor = sp < 0 ? "" : c.substring(sp);
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(reference(url, docPath, staticDir, Use.EMBED)).append(descriptor);
        }
        return out.toString();
    }

    /** Rewrites url() and @import references of CSS text that lives in {@code docPath}. */
    public String css(String css, String docPath, String staticDir) {
        String withImports = replace(CSS_IMPORT, css, m -> "@import \"" + reference(group(m), docPath, staticDir,
                Use.EMBED) + "\"");
        return replace(CSS_URL, withImports, m -> "url(\"" + reference(group(m), docPath, staticDir, Use.EMBED)
                .replace("\"", "%22") + "\")");
    }

    private static String group(Matcher m) {
        for (int i = 1; i <= m.groupCount(); i++) {
            if (m.group(i) != null) {
                return m.group(i);
            }
        }
        return "";
    }

    private static String replace(Pattern p, String text, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The rewritten form of one reference found in the file {@code docPath}. */
    String reference(String raw, String docPath, String staticDir, Use use) {
        String ref = raw.trim();
        String lower = ref.toLowerCase(Locale.ROOT);
        if (ref.isEmpty() || ref.startsWith("#") || lower.startsWith("data:") || lower.startsWith("mailto:")
                || lower.startsWith("tel:") || lower.startsWith("javascript:") || lower.startsWith("blob:")) {
            return raw;
        }
        String fragment = "";
        int hash = ref.indexOf('#');
        if (hash >= 0) {
            fragment = ref.substring(hash);
            ref = ref.substring(0, hash);
        }
        int query = ref.indexOf('?');
        String noQuery = query >= 0 ? ref.substring(0, query) : ref;

        if (lower.startsWith("http://") || lower.startsWith("https://") || ref.startsWith("//")) {
            String absolute = ref.startsWith("//") ? "https:" + ref : ref;
            String path = pathOf(absolute);
            Optional<Path> file = path == null ? Optional.empty()
                    : courseAssetName(UrlPaths.decode(path)).flatMap(this::find);
            if (file.isPresent()) {
                return local(file.get(), docPath, use) + fragment;
            }
            return external(absolute, raw, docPath, use);
        }
        if (ref.startsWith("/")) {
            String path = UrlPaths.decode(noQuery);
            if (path.startsWith("/jump_to_id/")) {
                return jump(path.substring("/jump_to_id/".length()), docPath, raw) + fragment;
            }
            Optional<AssetName> name = courseAssetName(path);
            if (name.isPresent()) {
                Optional<Path> file = find(name.get());
                if (file.isPresent()) {
                    return local(file.get(), docPath, use) + fragment;
                }
                page.missing(raw);
                return ctx.onlineAssetUrl(name.get().name()) + fragment;
            }
            return ctx.lmsBaseUrl() + ref + fragment; // another LMS page (e.g. /courses/...): online link
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*:.*")) {
            return raw; // another scheme (ftp:, sms:, ...): leave it
        }
        // relative: against the folder of the file inside static/
        String resolved = UrlPaths.normalize(staticDir + UrlPaths.decode(noQuery));
        if (resolved != null && !resolved.isEmpty()) {
            Optional<Path> file = page.staticFile(resolved);
            if (file.isPresent()) {
                return local(file.get(), docPath, use) + fragment;
            }
            if (use == Use.LINK && !looksLikeFile(resolved)) {
                // In the LMS a relative link resolves inside the courseware URL: it names a block by url_name.
                return jump(resolved.substring(resolved.lastIndexOf('/') + 1), docPath, raw) + fragment;
            }
            page.missing(raw);
            return ctx.onlineAssetUrl(resolved) + fragment;
        }
        page.missing(raw);
        return raw;
    }

    /** A course file named by an LMS path (a path inside static/ or an asset key name). */
    record AssetName(String name) {
    }

    /** The course file an LMS asset path means, or empty when it is not an asset path. */
    static Optional<AssetName> courseAssetName(String path) {
        if (path.startsWith("/static/")) {
            return nonEmpty(path.substring("/static/".length())).map(AssetName::new);
        }
        return assetKeyName(path).map(AssetName::new);
    }

    private static Optional<String> assetKeyName(String path) {
        int assetV1 = path.indexOf("asset-v1:");
        if (path.startsWith("/asset-v1:") || (path.startsWith("/assets/courseware/") && assetV1 >= 0)) {
            String key = path.substring(assetV1);
            // "+block@NAME" in asset keys; "+block/NAME" in the LMS's /assets/courseware/ URLs
            int block = key.indexOf("+block@");
            if (block < 0) {
                block = key.indexOf("+block/");
            }
            return block < 0 || !key.contains("type@asset") ? Optional.empty()
                    : nonEmpty(key.substring(block + "+block@".length()));
        }
        int c4x = path.indexOf("/c4x/");
        if (path.startsWith("/c4x/") || (path.startsWith("/assets/courseware/") && c4x >= 0)) {
            String[] parts = path.substring(c4x + 1).split("/", 5); // c4x, org, course, asset, name
            return parts.length == 5 && parts[3].equals("asset") ? nonEmpty(parts[4]) : Optional.empty();
        }
        if (path.startsWith("/assets/courseware/")) {
            return nonEmpty(path.substring(path.lastIndexOf('/') + 1));
        }
        return Optional.empty();
    }

    private static Optional<String> nonEmpty(String s) {
        String n = UrlPaths.normalize(s);
        return n == null || n.isEmpty() ? Optional.empty() : Optional.of(n);
    }

    private static String pathOf(String url) {
        try {
            return java.net.URI.create(url.replace(" ", "%20")).getRawPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Optional<Path> find(AssetName name) {
        return page.asset(name.name());
    }

    /** Copies (or processes) a static file into the page; the relative URL to it. */
    private String local(Path file, String docPath, Use use) {
        String rel = ctx.files().relative(file);
        String zipPath = ASSET_DIR + rel.replace('\\', '_');
        String lower = rel.toLowerCase(Locale.ROOT);
        if (!page.has(zipPath) && processing.add(zipPath)) {
            if (lower.endsWith(".css")) {
                page.generated(zipPath, css(read(file), zipPath, UrlPaths.dirOf(rel)));
            } else if ((lower.endsWith(".html") || lower.endsWith(".htm")) && use != Use.EMBED) {
                Document doc = Jsoup.parse(read(file));
                localizeHtml(doc, zipPath, UrlPaths.dirOf(rel));
                page.generated(zipPath, doc.outerHtml());
            } else {
                page.courseFile(zipPath, file);
            }
        }
        return UrlPaths.relative(docPath, zipPath);
    }

    private String external(String url, String raw, String docPath, Use use) {
        if (use == Use.LINK) {
            return raw;
        }
        if (use == Use.EMBED) {
            Optional<Path> fetched = page.external(url);
            if (fetched.isPresent()) {
                String name = UrlPaths.decode(pathOf(url) == null ? "" : pathOf(url));
                name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
                String zipPath = ASSET_DIR + "external/" + Digests.sha256(url.getBytes(StandardCharsets.UTF_8))
                        .substring(0, 12) + "-" + (name.isEmpty() ? "file" : name);
                page.externalFile(zipPath, fetched.get());
                return UrlPaths.relative(docPath, zipPath);
            }
        }
        page.missing(raw);
        return url;
    }

    private String jump(String target, String docPath, String raw) {
        String urlName = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
        Optional<String> blockId = page.pageOf(urlName);
        if (blockId.isEmpty()) {
            return ctx.lmsBaseUrl() + "/courses/" + ctx.courseId() + "/jump_to_id/" + UrlPaths.encodePath(urlName);
        }
        // Pages sit side by side in the course zip, each in the folder named by ObjectKeys.segment(blockId).
        return "../".repeat(UrlPaths.depth(docPath) + 1) + CourseContext.pageFolder(blockId.get()) + "/index.html";
    }

    private static boolean isMathJaxCdn(String src) {
        String s = src.toLowerCase(Locale.ROOT);
        return (s.startsWith("http") || s.startsWith("//")) && s.contains("mathjax");
    }

    private static boolean looksLikeFile(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.contains(".");
    }

    /** A text file of the course: UTF-8, else Latin-1 (older exports). */
    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            try {
                return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
