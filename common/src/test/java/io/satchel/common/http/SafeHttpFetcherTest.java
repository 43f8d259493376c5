package io.satchel.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
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
}
