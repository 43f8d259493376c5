package io.satchel.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/**
 * Fetches an http(s) URL without becoming an SSRF proxy: only http/https, every address the host resolves to must
 * be public (or allow-listed), redirects are followed by hand and each target is checked again, the body is
 * streamed with a byte limit, connect and read time are bounded.
 *
 * <p>Known gap: the JDK client resolves the host again when connecting, so a DNS server that answers differently
 * within milliseconds (rebinding) is not stopped here; deployments put an egress proxy in front for that.
 */
public class SafeHttpFetcher {
    private final FetchPolicy policy;
    private final HttpClient client;

    public SafeHttpFetcher(FetchPolicy policy) {
        this.policy = policy;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(policy.connectTimeout()).build();
    }

    public FetchPolicy policy() {
        return policy;
    }

    /** Result of a fetch: the final URL and its content type. */
    public record Fetched(URI finalUrl, String contentType, long bytes) {
    }

    /** Streams the body of {@code url} into {@code out}, at most {@link FetchPolicy#maxBytes()} bytes. */
    public Fetched fetch(String url, OutputStream out) throws FetchException {
        URI uri = parse(url);
        for (int hop = 0; hop <= policy.maxRedirects(); hop++) {
            check(uri);
            HttpResponse<InputStream> response = send(uri);
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                String location = response.headers().firstValue("Location").orElse(null);
                closeQuietly(response.body());
                if (location == null) {
                    throw new FetchException(FetchException.FAILED, "redirect without Location from " + uri);
                }
                uri = parse(uri.resolve(location).toString());
                continue;
            }
            if (status != 200) {
                closeQuietly(response.body());
                throw new FetchException(FetchException.FAILED, "GET " + uri + " answered HTTP " + status);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > policy.maxBytes()) {
                closeQuietly(response.body());
                throw tooLarge(uri);
            }
            long copied = copyLimited(response.body(), out, uri);
            return new Fetched(uri, response.headers().firstValue("Content-Type").orElse(null), copied);
        }
        throw new FetchException(FetchException.TOO_MANY_REDIRECTS,
                "more than " + policy.maxRedirects() + " redirects starting at " + url);
    }

    /** Refuses a URL that is not http(s) or whose host is not allowed; public so callers can check before queuing. */
    public void check(URI uri) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(FetchException.URL_NOT_ALLOWED, "only http and https URLs can be fetched: " + uri);
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new FetchException(FetchException.URL_NOT_ALLOWED, "the URL has no host: " + uri);
        }
        if (uri.getUserInfo() != null) {
            throw new FetchException(FetchException.URL_NOT_ALLOWED, "URLs with credentials are not fetched: " + uri);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new FetchException(FetchException.FAILED, "host " + host + " does not resolve");
        }
        boolean hostAllowListed = policy.allowList().stream().anyMatch(e -> e.equalsIgnoreCase(host));
        for (InetAddress address : addresses) {
            boolean allowListed = hostAllowListed || policy.allowList().stream().anyMatch(e -> Cidr.contains(e, address));
            if (allowListed) {
                continue;
            }
            if (!isPublic(address)) {
                throw new FetchException(FetchException.ADDRESS_NOT_ALLOWED, host + " resolves to "
                        + address.getHostAddress() + ", a private, loopback, link-local or multicast address");
            }
            if (!policy.publicHostsAllowed()) {
                throw new FetchException(FetchException.ADDRESS_NOT_ALLOWED, host + " is not on the allow-list");
            }
        }
    }

    /** Public unicast: not loopback, link-local (169.254/16, fe80::/10), private, CGNAT, unique-local, multicast. */
    public static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            return !(b0 == 0 || (b0 == 100 && b1 >= 64 && b1 < 128) || (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0)
                    || b0 >= 240 || (b0 == 198 && (b1 == 18 || b1 == 19)));
        }
        if (a instanceof Inet6Address) {
            int b0 = b[0] & 0xff;
            if ((b0 & 0xfe) == 0xfc) { // fc00::/7 unique local
                return false;
            }
            boolean mapped = true; // ::ffff:a.b.c.d carries an IPv4 address
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private HttpResponse<InputStream> send(URI uri) throws FetchException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(policy.readTimeout()).GET()
                .header("User-Agent", "Satchel/1").build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new FetchException(FetchException.FAILED, "GET " + uri + " timed out");
        } catch (IOException e) {
            throw new FetchException(FetchException.FAILED, "GET " + uri + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(FetchException.FAILED, "GET " + uri + " interrupted");
        }
    }

    private long copyLimited(InputStream in, OutputStream out, URI uri) throws FetchException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                if (total > policy.maxBytes()) {
                    throw tooLarge(uri);
                }
                out.write(buf, 0, n);
            }
            return total;
        } catch (IOException e) {
            throw new FetchException(FetchException.FAILED, "reading " + uri + " failed: " + e.getMessage());
        }
    }

    private FetchException tooLarge(URI uri) {
        return new FetchException(FetchException.TOO_LARGE, uri + " is larger than " + policy.maxBytes() + " bytes");
    }

    private static URI parse(String url) throws FetchException {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new FetchException(FetchException.URL_NOT_ALLOWED, "not a valid URL: " + url);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do: the response is discarded anyway
        }
    }
}
