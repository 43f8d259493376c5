package io.satchel.renderer.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satchel.renderer.olx.OlxCourseReader;
import io.satchel.renderer.olx.SecureXml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A video block: a {@code <video>} with the course's html5 sources localized and its SRT/sjson transcripts as
 * WebVTT {@code <track>}s. A video with no source that works offline (YouTube only, or online-only URLs) gets its
 * transcript as text and a link to watch it online.
 */
public final class VideoPage implements BlockPageRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void render(PageBuilder page, org.w3c.dom.Element def, Document doc) {
        Element main = PageTemplate.main(doc);
        Element staging = new Element("div");
        AssetLocalizer localizer = new AssetLocalizer(page);

        // Sources: html5_sources (JSON list) and <source src> children; only local copies count as offline.
        List<String> localSources = new ArrayList<>();
        for (String src : sources(def)) {
            Element probe = staging.appendElement("source").attr("src", src);
            localizer.localizeHtml(probe, "index.html", "");
            String out = probe.attr("src");
            if (!out.startsWith("http://") && !out.startsWith("https://") && !out.startsWith("//")) {
                localSources.add(out);
            }
        }
        Map<String, List<Transcripts.Cue>> transcripts = transcripts(page, def);
        String youtube = youtubeId(def);

        if (!localSources.isEmpty()) {
            Element video = main.appendElement("video").attr("controls", true).attr("preload", "metadata")
                    .attr("aria-label", page.block().displayName());
            for (String src : localSources) {
                video.appendElement("source").attr("src", src).attr("type", mediaType(src));
            }
            boolean first = true;
            for (var t : transcripts.entrySet()) {
                String path = "transcripts/" + t.getKey().replaceAll("[^A-Za-z0-9_-]", "_") + ".vtt";
                page.generated(path, Transcripts.toVtt(t.getValue()));
                Element track = video.appendElement("track").attr("kind", "captions").attr("src", path)
                        .attr("srclang", t.getKey()).attr("label", languageName(t.getKey()));
                if (first) {
                    track.attr("default", true);
                    first = false;
                }
            }
            video.appendElement("p").text("Your device cannot play this video.");
        } else {
            Element notice = main.appendElement("div").addClass("satchel-notice").attr("role", "note");
            notice.appendElement("p").text("This video is not available offline.");
            Element links = notice.appendElement("p");
            if (youtube != null) {
                links.appendElement("a").attr("href", "https://www.youtube.com/watch?v=" + youtube)
                        .text("Watch it on YouTube");
                links.appendText(" · ");
            }
            links.appendElement("a").attr("href", page.ctx().onlineBlockUrl(page.block().blockId()))
                    .text("Open it in the online course");
        }
        if (!transcripts.isEmpty() && localSources.isEmpty()) {
            var first = transcripts.entrySet().iterator().next();
            Element section = main.appendElement("section").addClass("satchel-transcript")
                    .attr("aria-labelledby", "transcript-title").attr("lang", first.getKey());
            section.appendElement("h2").attr("id", "transcript-title")
                    .text("Transcript (" + languageName(first.getKey()) + ")");
            for (Transcripts.Cue cue : first.getValue()) {
                section.appendElement("p").text(cue.text().replace('\n', ' '));
            }
        }
        downloads(def, main, localizer);
    }

    private static List<String> sources(org.w3c.dom.Element def) {
        Set<String> out = new LinkedHashSet<>();
        String html5 = OlxCourseReader.attr(def, "html5_sources");
        if (html5 != null) {
            try {
                for (JsonNode n : JSON.readTree(html5)) {
                    if (!n.asText().isBlank()) {
                        out.add(n.asText());
                    }
                }
            } catch (IOException e) {
                // not JSON: no html5 sources
            }
        }
        for (org.w3c.dom.Element s : OlxCourseReader.childElementsOf(def)) {
            if (s.getTagName().equals("source") && OlxCourseReader.attr(s, "src") != null) {
                out.add(s.getAttribute("src"));
            }
        }
        return List.copyOf(out);
    }

    /** language → cues, from the transcripts JSON attribute, {@code <transcript>} children and the legacy sub. */
    private static Map<String, List<Transcripts.Cue>> transcripts(PageBuilder page, org.w3c.dom.Element def) {
        Map<String, String> files = new LinkedHashMap<>();
        String json = OlxCourseReader.attr(def, "transcripts");
        if (json != null) {
            try {
                JSON.readTree(json).fields().forEachRemaining(e -> files.putIfAbsent(e.getKey(), e.getValue().asText()));
            } catch (IOException e) {
                // not JSON: ignore the attribute
            }
        }
        for (org.w3c.dom.Element t : OlxCourseReader.childElementsOf(def)) {
            if (t.getTagName().equals("transcript") && OlxCourseReader.attr(t, "src") != null) {
                files.putIfAbsent(Optional.ofNullable(OlxCourseReader.attr(t, "language")).orElse("en"),
                        t.getAttribute("src"));
            }
        }
        String sub = OlxCourseReader.attr(def, "sub");
        if (sub != null) {
            files.putIfAbsent("en", "subs_" + sub + ".srt.sjson");
        }
        Map<String, List<Transcripts.Cue>> out = new LinkedHashMap<>();
        for (var f : files.entrySet()) {
            String name = f.getValue().startsWith("/static/") ? f.getValue().substring(8) : f.getValue();
            Optional<Path> file = page.asset(name);
            if (file.isEmpty()) {
                page.missing("/static/" + name);
                continue;
            }
            String text = read(file.get());
            List<Transcripts.Cue> cues = name.endsWith(".sjson") ? Transcripts.parseSjson(text)
                    : Transcripts.parseSrt(text);
            if (!cues.isEmpty()) {
                out.put(f.getKey(), cues);
            }
        }
        return out;
    }

    private static String youtubeId(org.w3c.dom.Element def) {
        String id = OlxCourseReader.attr(def, "youtube_id_1_0");
        if (id == null && OlxCourseReader.attr(def, "youtube") != null) {
            for (String part : def.getAttribute("youtube").split(",")) {
                String[] kv = part.trim().split(":", 2);
                if (kv.length == 2 && kv[0].startsWith("1.0") && !kv[1].isBlank()) {
                    id = kv[1].trim();
                }
            }
        }
        return id == null ? null : id.replaceAll("[^A-Za-z0-9_-]", "");
    }

    private static void downloads(org.w3c.dom.Element def, Element main, AssetLocalizer localizer) {
        Element list = new Element("ul");
        String handout = OlxCourseReader.attr(def, "handout");
        if (handout != null) {
            list.appendElement("li").appendElement("a").attr("href", handout).text("Handout");
        }
        String track = OlxCourseReader.attr(def, "track");
        if (track != null && "true".equalsIgnoreCase(def.getAttribute("download_track"))) {
            list.appendElement("li").appendElement("a").attr("href", track).text("Downloadable transcript");
        }
        if (!list.children().isEmpty()) {
            localizer.localizeHtml(list, "index.html", "");
            Element section = main.appendElement("section").attr("aria-labelledby", "downloads-title");
            section.appendElement("h2").attr("id", "downloads-title").text("Downloads");
            section.appendChild(list);
        }
    }

    private static String mediaType(String src) {
        String s = src.toLowerCase(Locale.ROOT);
        return s.endsWith(".webm") ? "video/webm" : s.endsWith(".ogv") || s.endsWith(".ogg") ? "video/ogg"
                : s.endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : "video/mp4";
    }

    private static String languageName(String tag) {
        String name = Locale.forLanguageTag(tag).getDisplayLanguage(Locale.ENGLISH);
        return name.isBlank() ? tag : name;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
