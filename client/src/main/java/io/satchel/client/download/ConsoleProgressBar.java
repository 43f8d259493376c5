package io.satchel.client.download;

import java.io.PrintStream;

/** A one-line progress bar redrawn with carriage returns; use it only when a terminal is attached. */
public final class ConsoleProgressBar implements DownloadListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private int files;
    private int filesDone;
    private long total;
    private long done;
    private long lastDrawn = -1;

    public ConsoleProgressBar(PrintStream out) {
        this.out = out;
    }

    /** A bar on stderr when a terminal is attached, otherwise nothing (scripts and logs stay clean). */
    public static DownloadListener forTerminal() {
        return System.console() != null ? new ConsoleProgressBar(System.err) : DownloadListener.NONE;
    }

    @Override
    public void started(int files, long totalBytes) {
        this.files = files;
        this.total = Math.max(totalBytes, 1);
        draw();
    }

    @Override
    public void bytes(long count) {
        done += count;
        long percent = Math.min(100, done * 100 / total);
        if (percent != lastDrawn) {
            draw();
        }
    }

    @Override
    public void fileDone(String name) {
        filesDone++;
        draw();
    }

    @Override
    public void finished() {
        draw();
        out.println();
    }

    private void draw() {
        long percent = Math.min(100, done * 100 / Math.max(total, 1));
        lastDrawn = percent;
        int filled = (int) (percent * WIDTH / 100);
        out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% " + filesDone + "/"
                + files + " files, " + (done / 1024) + " KiB");
        out.flush();
    }
}
