package io.satchel.renderer.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.parser.Parser;

/**
 * SubRip (.srt) and Open edX .sjson transcripts → WebVTT and plain cue text. Open edX shows caption text as HTML, so
 * its transcripts carry HTML character references ({@code we&#39;re}) and may carry simple tags ({@code <i>}): a
 * cue's text is what the LMS shows — tags dropped, references decoded once — and it is escaped again only where the
 * output format needs it (WebVTT here, HTML by jsoup).
 */
public final class Transcripts {
    private static final Pattern TIME = Pattern.compile(
            "(\\d{1,2}):(\\d{2}):(\\d{2})[,.](\\d{1,3})\\s*-->\\s*(\\d{1,2}):(\\d{2}):(\\d{2})[,.](\\d{1,3})");

    private static final Pattern TAG = Pattern.compile("</?[A-Za-z][^<>]*>");

    /** One caption: start and end in milliseconds; {@code text} is plain text (the characters shown). */
    public record Cue(long startMs, long endMs, String text) {
    }

    /** The plain text of a caption written as Open edX shows it (HTML text: tags, character references). */
    static String plainText(String captionHtml) {
        return Parser.unescapeEntities(TAG.matcher(captionHtml).replaceAll(""), false);
    }

    public static List<Cue> parseSrt(String srt) {
        String s = srt.replace("\uFEFF", "").replace("\r\n", "\n").replace('\r', '\n');
        List<Cue> cues = new ArrayList<>();
        for (String block : s.split("\n\\s*\n")) {
            String[] lines = block.strip().split("\n");
            for (int i = 0; i < lines.length; i++) {
                Matcher m = TIME.matcher(lines[i]);
                if (m.find()) {
                    StringBuilder text = new StringBuilder();
                    for (int j = i + 1; j < lines.length; j++) {
                        if (!text.isEmpty()) {
                            text.append('\n');
                        }
                        text.append(plainText(lines[j].strip()));
                    }
                    cues.add(new Cue(ms(m, 1), ms(m, 5), text.toString()));
                    break;
                }
            }
        }
        return cues;
    }

    /** Open edX's own format: {"start": [ms...], "end": [ms...], "text": [...]}. */
    public static List<Cue> parseSjson(String json) {
        try {
            JsonNode n = new ObjectMapper().readTree(json);
            List<Cue> cues = new ArrayList<>();
            for (int i = 0; i < n.path("text").size(); i++) {
                cues.add(new Cue(n.path("start").path(i).asLong(), n.path("end").path(i).asLong(),
                        plainText(n.path("text").path(i).asText())));
            }
            return cues;
        } catch (IOException e) {
            return List.of();
        }
    }

    public static String toVtt(List<Cue> cues) {
        StringBuilder sb = new StringBuilder("WEBVTT\n\n");
        int i = 1;
        for (Cue c : cues) {
            sb.append(i++).append('\n').append(time(c.startMs())).append(" --> ").append(time(c.endMs())).append('\n')
                    .append(vttText(c.text())).append("\n\n");
        }
        return sb.toString();
    }

    /**
     * Cue text as WebVTT wants it: {@code & < >} written as character references (WebVTT gives them a meaning; so
     * "-->" in a caption cannot end the cue line either), and no blank line inside the cue (it would end the cue).
     */
    private static String vttText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replaceAll("\n\\s*\n", "\n");
    }

    private static long ms(Matcher m, int g) {
        String frac = (m.group(g + 3) + "00").substring(0, 3);
        return ((Long.parseLong(m.group(g)) * 60 + Long.parseLong(m.group(g + 1))) * 60
                + Long.parseLong(m.group(g + 2))) * 1000 + Long.parseLong(frac);
    }

    static String time(long ms) {
        return String.format("%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }

    private Transcripts() {
    }
}
