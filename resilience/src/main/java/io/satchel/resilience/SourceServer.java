package io.satchel.resilience;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A CMS's export server for webhook scenarios, on loopback (reach it as {@code localhost}, which the stack's
 * publish-listener allow-lists): {@code /good} serves a course export; {@code /drip} sends its headers, then one
 * byte every {@code dripEvery}, for as long as the client stays (a slow or hostile source).
 */
public final class SourceServer implements AutoCloseable {
    private final HttpServer server;

    public SourceServer(Path goodExport, Duration dripEvery) {
        try {
            server = HttpServer.create(new InetSocketAddress(0), 0); // v4 and v6: "localhost" may be either
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/good", x -> {
            x.getResponseHeaders().add("Content-Type", "application/gzip");
            x.sendResponseHeaders(200, Files.size(goodExport));
            try (OutputStream out = x.getResponseBody()) {
                Files.copy(goodExport, out);
            }
        });
        server.createContext("/drip", x -> {
            x.getResponseHeaders().add("Content-Type", "application/gzip");
            x.sendResponseHeaders(200, 0); // chunked: no length, no end in sight
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 10_000; i++) {
                    out.write(0x1f);
                    out.flush();
                    Thread.sleep(dripEvery.toMillis());
                }
            } catch (IOException | InterruptedException clientGone) {
                // the fetcher cut it: what the scenario wants
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://localhost:" + server.getAddress().getPort() + "/" + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
