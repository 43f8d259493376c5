package io.satchel.publish.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A CMS-like HTTP server for webhook tests, listening on every local address. Tests reach it as "localhost" (the
 * test profile's allow-list), while "127.0.0.1" stays refused by the SSRF rules.
 */
public final class SourceServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    public SourceServer() {
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
        // /redirect/<url-without-scheme>: 302 to http://<rest>
        server.createContext("/redirect/", exchange -> {
            exchange.getResponseHeaders().add("Location",
                    "http://" + exchange.getRequestURI().getPath().substring("/redirect/".length()));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        // /endless: zeros without Content-Length, until the client gives up
        server.createContext("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 16 * 1024; i++) { // at most 1 GiB
                    out.write(chunk);
                }
            } catch (IOException expected) {
                // the fetcher hung up at its size limit
            }
            exchange.close();
        });
        // /drip: headers at once, then one byte a second (each read is quick; only a total deadline cuts it)
        server.createContext("/drip", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/gzip");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    out.write(0x1f);
                    out.flush();
                    Thread.sleep(1000);
                }
            } catch (IOException | InterruptedException expected) {
                // the fetcher hung up at its deadline
            }
            exchange.close();
        });
        // several requests at once (a drip must not hold up the other tests' fetches)
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "source-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public void serve(String name, byte[] body) {
        files.put(name, body);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** URL of a served file through the allow-listed name. */
    public String url(String path) {
        return "http://localhost:" + port() + "/" + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
