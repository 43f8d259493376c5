package io.satchel.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SafeHttpFetcherTest {
    private final SafeHttpFetcher fetcher = new SafeHttpFetcher(FetchPolicy.publicInternet(1024));

    @Test
    void refusesLoopbackLinkLocalAndPrivateAddresses() {
        for (String url : List.of("http://127.0.0.1/x", "http://169.254.169.254/latest/meta-data", "http://10.1.2.3/",
                "http://192.168.0.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/",
                "http://localhost:8080/")) {
            FetchException e = assertThrows(FetchException.class, () -> fetcher.check(URI.create(url)), url);
            assertEquals(FetchException.ADDRESS_NOT_ALLOWED, e.code(), url);
        }
    }

    @Test
    void refusesOtherSchemesAndCredentials() {
        for (String url : List.of("file:///etc/passwd", "ftp://example.org/a", "gopher://x/", "http://u:p@example.org/")) {
            FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(url, new ByteArrayOutputStream()));
            assertEquals(FetchException.URL_NOT_ALLOWED, e.code(), url);
        }
    }

    @Test
    void allowListOpensAnAddressRange() throws Exception {
        SafeHttpFetcher allowed = new SafeHttpFetcher(FetchPolicy.publicInternet(1024).withAllowList(List.of("127.0.0.0/8")));
        allowed.check(URI.create("http://127.0.0.1:1/x")); // does not throw
        assertThrows(FetchException.class, () -> allowed.check(URI.create("http://10.0.0.1/")));
    }

    @Test
    void classifiesAddresses() throws Exception {
        assertTrue(SafeHttpFetcher.isPublic(InetAddress.getByName("93.184.216.34")));
        assertFalse(SafeHttpFetcher.isPublic(InetAddress.getByName("100.64.0.1")));
        assertFalse(SafeHttpFetcher.isPublic(InetAddress.getByName("fd00::1")));
        assertFalse(SafeHttpFetcher.isPublic(InetAddress.getByName("224.0.0.1")));
    }

    @Test
    void aSourceThatDripsIsCutAtTheTotalDeadline() throws Exception {
        HttpServer drip = server("127.0.0.1", "/drip", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 1000; i++) { // one byte a second: each read is quick, the whole never ends
                    out.write('x');
                    out.flush();
                    Thread.sleep(1000);
                }
            } catch (IOException | InterruptedException expected) {
                // the fetcher hung up
            }
        });
        try {
            SafeHttpFetcher fetcher = new SafeHttpFetcher(FetchPolicy.publicInternet(1 << 20)
                    .withAllowList(List.of("127.0.0.1/32")).withTotalTimeout(Duration.ofSeconds(2)));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            long start = System.nanoTime();
            FetchException e = assertThrows(FetchException.class,
                    () -> fetcher.fetch("http://127.0.0.1:" + drip.getAddress().getPort() + "/drip", body));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(FetchException.TIMEOUT, e.code(), e.getMessage());
            assertTrue(tookMs >= 1900 && tookMs < 5000, "cut at the 2 s deadline, not later: " + tookMs + " ms");
            assertTrue(body.size() >= 1 && body.size() < 10, "the drip had started: " + body.size() + " bytes");
        } finally {
            drip.stop(0);
        }
    }

    @Test
    void connectsToTheVettedAddressNotToALaterDnsAnswer() throws Exception {
        HttpServer vetted = server("127.0.0.1", "/export", text("vetted"));
        int port = vetted.getAddress().getPort();
        HttpServer rebound = server("127.0.0.2", port, "/export", text("rebound"));
        AtomicInteger lookups = new AtomicInteger();
        // a rebinding DNS: the first answer passes the check, every later one points elsewhere
        HostResolver rebinding = host -> List.of(InetAddress.getByName(
                lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2"));
        try {
            SafeHttpFetcher fetcher = new SafeHttpFetcher(FetchPolicy.publicInternet(1024)
                    .withAllowList(List.of("127.0.0.1/32")), rebinding);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            fetcher.fetch("http://cms.rebind.test:" + port + "/export", body);
            assertEquals("vetted", body.toString(StandardCharsets.UTF_8));
            assertEquals(1, lookups.get(), "one lookup: the connection used the vetted answer");
            // and the later answer is refused when it is the one checked
            assertThrows(FetchException.class, () -> fetcher.check(URI.create("http://cms.rebind.test:" + port + "/")));
        } finally {
            vetted.stop(0);
            rebound.stop(0);
        }
    }

    @Test
    void aNameThatResolvesToNothingIsRefused() {
        SafeHttpFetcher fetcher = new SafeHttpFetcher(FetchPolicy.publicInternet(1024), host -> List.of());
        FetchException e = assertThrows(FetchException.class, () -> fetcher.check(URI.create("http://empty.test/")));
        assertEquals(FetchException.FAILED, e.code());
    }

    private static com.sun.net.httpserver.HttpHandler text(String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    private static HttpServer server(String address, String path, com.sun.net.httpserver.HttpHandler handler)
            throws IOException {
        return server(address, 0, path, handler);
    }

    private static HttpServer server(String address, int port, String path,
            com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 0);
        s.createContext(path, handler);
        s.start();
        return s;
    }
}
