package io.satchel.client.download;

/** Progress of a download run, for a progress bar or an app's UI. */
public interface DownloadListener {
    DownloadListener NONE = new DownloadListener() {
    };

    default void started(int files, long totalBytes) {
    }

    default void bytes(long count) {
    }

    default void fileDone(String name) {
    }

    default void finished() {
    }
}
