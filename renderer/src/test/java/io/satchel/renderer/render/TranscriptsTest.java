package io.satchel.renderer.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satchel.testing.TestCourses;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptsTest {
    @Test
    void srtBecomesWebVtt() {
        String srt = "\uFEFF1\r\n00:00:01,500 --> 00:00:04,000\r\nHello\r\nworld\r\n\r\n2\r\n00:01:02,07 --> 01:00:00,000\r\nBye -->\r\n";
        List<Transcripts.Cue> cues = Transcripts.parseSrt(srt);
        assertEquals(2, cues.size());
        assertEquals(1500, cues.get(0).startMs());
        assertEquals(62070, cues.get(1).startMs());
        assertEquals("WEBVTT\n\n1\n00:00:01.500 --> 00:00:04.000\nHello\nworld\n\n"
                + "2\n00:01:02.070 --> 01:00:00.000\nBye --&gt;\n\n", Transcripts.toVtt(cues));
    }

    @Test
    void sjsonIsRead() {
        List<Transcripts.Cue> cues = Transcripts.parseSjson("{\"start\":[0,1000],\"end\":[900,2000],\"text\":[\"a\",\"b\"]}");
        assertEquals(List.of(new Transcripts.Cue(0, 900, "a"), new Transcripts.Cue(1000, 2000, "b")), cues);
    }

    /** Open edX captions are HTML text: references are decoded once, tags dropped, and only WebVTT's own escapes. */
    @Test
    void characterReferencesAreDecodedOnce() {
        String srt = "1\n00:00:00,000 --> 00:00:02,000\nwe&#39;re &lt;here&gt; &amp;amp; <i>now</i>\n\n"
                + "2\n00:00:02,000 --> 00:00:03,000\nR&amp;D &quot;lab&quot; caf&eacute; &#x2014; 3 < 4\n";
        List<Transcripts.Cue> cues = Transcripts.parseSrt(srt);
        assertEquals("we're <here> &amp; now", cues.get(0).text());
        assertEquals("R&D \"lab\" café — 3 < 4", cues.get(1).text());
        assertEquals("WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nwe're &lt;here&gt; &amp;amp; now\n\n"
                + "2\n00:00:02.000 --> 00:00:03.000\nR&amp;D \"lab\" café — 3 &lt; 4\n\n", Transcripts.toVtt(cues));
        List<Transcripts.Cue> sjson = Transcripts.parseSjson("{\"start\":[0],\"end\":[1],\"text\":[\"it&#39;s\"]}");
        assertEquals("it's", sjson.get(0).text());
    }

    @Test
    void demoCourseTranscriptShowsTheRealCharacters() throws Exception {
        String srt = Files.readString(TestCourses.demoCourseDir()
                .resolve("static/48c991fb-083c-45e1-adad-930d2b11b11e-en.srt"));
        assertTrue(srt.contains("we&#39;re going to be hearing"), "the export carries character references");
        List<Transcripts.Cue> cues = Transcripts.parseSrt(srt);
        assertTrue(cues.size() > 100, "cues: " + cues.size());
        assertTrue(cues.stream().anyMatch(c -> c.text().contains("we're going to be hearing")));
        assertFalse(cues.stream().anyMatch(c -> c.text().contains("&#")));
        String vtt = Transcripts.toVtt(cues);
        assertTrue(vtt.contains("we're going to be hearing"));
        assertFalse(vtt.contains("&#39;"));
    }
}
