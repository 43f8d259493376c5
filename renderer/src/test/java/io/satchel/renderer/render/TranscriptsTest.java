package io.satchel.renderer.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
                + "2\n00:01:02.070 --> 01:00:00.000\nBye ->\n\n", Transcripts.toVtt(cues));
    }

    @Test
    void sjsonIsRead() {
        List<Transcripts.Cue> cues = Transcripts.parseSjson("{\"start\":[0,1000],\"end\":[900,2000],\"text\":[\"a\",\"b\"]}");
        assertEquals(List.of(new Transcripts.Cue(0, 900, "a"), new Transcripts.Cue(1000, 2000, "b")), cues);
    }
}
