package io.satchel.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A CMS's export server for webhook tests and scenarios, listening on every local address (v4 and v6: "localhost"
 * may be either). Reach it as {@code localhost}, which the test profile and the stack allow-list, while
 * {@code 127.0.0.1} stays refused by the SSRF rules. Paths:
 * <ul>
 * <li>{@code /files/<name>}: what {@link #serve} put there, else 404;</li>
 * <li>{@code /redirect/<host:port/path>}: 302 to {@code http://<host:port/path>};</li>
 * <li>{@code /endless}: zeros without a length, up to 1 GiB (a source over the size limit);</li>
 * <li>{@code /drip}: headers at once, then one byte every {@code dripEvery} for as long as the client stays (each
 * read is quick: only a total deadline cuts it).</li>
 * </ul>
 */
public final class SourceServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    public SourceServer() {
        this(Duration.ofSeconds(1));
    }

    public SourceServer(Duration dripEvery) {
        try {
            server = HttpServer.create(new InetSocketAddress(0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/files/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath().substring("/files/".length()));
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/gzip");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.createContext("/redirect/", exchange -> {
            exchange.getResponseHeaders().add("Location",
                    "http://" + exchange.getRequestURI().getPath().substring("/redirect/".length()));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 16 * 1024; i++) {
                    out.write(chunk);
                }
            } catch (IOException expected) {
                // the fetcher hung up at its size limit
            }
            exchange.close();
        });
        server.createContext("/drip", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/gzip");
            exchange.sendResponseHeaders(200, 0); // chunked: no length, no end in sight
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10_000; i++) {
                    out.write(0x1f);
                    out.flush();
                    Thread.sleep(dripEvery.toMillis());
                }
            } catch (IOException | InterruptedException expected) {
                // the fetcher hung up at its deadline
            }
            exchange.close();
        });
        // several requests at once: a drip must not hold up other fetches
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "source-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Serves {@code body} at {@code /files/<name>}. */
    public void serve(String name, byte[] body) {
        files.put(name, body);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** URL of a path through the allow-listed name, e.g. {@code url("files/x.tar.gz")}. */
    public String url(String path) {
        return "http://localhost:" + port() + "/" + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
