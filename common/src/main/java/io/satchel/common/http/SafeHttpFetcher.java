package io.satchel.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Fetches an http(s) URL without becoming an SSRF proxy: only http/https, every address the host resolves to must
 * be public (or allow-listed), the connection goes to exactly the addresses that were vetted (one lookup per hop,
 * pinned: a DNS answer that changes between the check and the connect cannot redirect it), redirects are followed
 * by hand and each target is checked again, the body is streamed with a byte limit, and connect, each read and the
 * whole fetch ({@link FetchPolicy#totalTimeout()}) are bounded.
 */
public class SafeHttpFetcher {
    private final FetchPolicy policy;
    private final HostResolver resolver;
    private final OkHttpClient client;

    public SafeHttpFetcher(FetchPolicy policy) {
        this(policy, HostResolver.SYSTEM);
    }

    public SafeHttpFetcher(FetchPolicy policy, HostResolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
        this.client = new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false)
                .retryOnConnectionFailure(false).proxy(Proxy.NO_PROXY)
                .connectTimeout(policy.connectTimeout()).readTimeout(policy.readTimeout())
                .callTimeout(policy.totalTimeout()).build();
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
        long deadline = System.nanoTime() + policy.totalTimeout().toNanos();
        for (int hop = 0; hop <= policy.maxRedirects(); hop++) {
            List<InetAddress> vetted = check(uri);
            try (Response response = send(uri, vetted, deadline)) {
                int status = response.code();
                if (status >= 300 && status < 400 && status != 304) {
                    String location = response.header("Location");
                    if (location == null) {
                        throw new FetchException(FetchException.FAILED, "redirect without Location from " + uri);
                    }
                    uri = parse(uri.resolve(location).toString());
                    continue;
                }
                if (status != 200) {
                    throw new FetchException(FetchException.FAILED, "GET " + uri + " answered HTTP " + status);
                }
                long declared = response.body().contentLength();
                if (declared > policy.maxBytes()) {
                    throw tooLarge(uri);
                }
                long copied = copyLimited(response.body().byteStream(), out, uri, deadline);
                return new Fetched(uri, response.header("Content-Type"), copied);
            }
        }
        throw new FetchException(FetchException.TOO_MANY_REDIRECTS,
                "more than " + policy.maxRedirects() + " redirects starting at " + url);
    }

    /**
     * Refuses a URL that is not http(s) or whose host is not allowed; public so callers can check before queuing.
     * Returns the vetted addresses: the only ones a fetch of this URL connects to.
     */
    public List<InetAddress> check(URI uri) throws FetchException {
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
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new FetchException(FetchException.FAILED, "host " + host + " does not resolve");
        }
        if (addresses.isEmpty()) {
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
        return addresses;
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

    /** One GET, connected only to {@code vetted}, within what is left of the whole fetch's deadline. */
    private Response send(URI uri, List<InetAddress> vetted, long deadline) throws FetchException {
        long left = remaining(uri, deadline);
        OkHttpClient pinned = client.newBuilder().dns(new PinnedDns(okHttpHost(uri), vetted)).build();
        Call call = pinned.newCall(new Request.Builder().url(uri.toString()).get()
                .header("User-Agent", "Satchel/1").build());
        call.timeout().timeout(left, TimeUnit.NANOSECONDS);
        try {
            return call.execute();
        } catch (IOException e) {
            throw failed(uri, "GET " + uri + " failed: " + e.getMessage(), e, deadline);
        }
    }

    private long copyLimited(InputStream in, OutputStream out, URI uri, long deadline) throws FetchException {
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
                remaining(uri, deadline);
            }
            return total;
        } catch (IOException e) {
            throw failed(uri, "reading " + uri + " failed: " + e.getMessage(), e, deadline);
        }
    }

    /** Time left before the deadline; past it, the fetch is over (SOURCE_TIMEOUT). */
    private long remaining(URI uri, long deadline) throws FetchException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timedOut(uri);
        }
        return left;
    }

    /** An I/O failure, or the call timeout (the whole-fetch deadline) cutting the connection. */
    private FetchException failed(URI uri, String message, IOException e, long deadline) {
        if (deadline - System.nanoTime() <= 0) {
            return timedOut(uri);
        }
        if (e instanceof InterruptedIOException) {
            return new FetchException(FetchException.FAILED, "GET " + uri + " timed out (no bytes for "
                    + policy.readTimeout().toSeconds() + " s)");
        }
        return new FetchException(FetchException.FAILED, message);
    }

    private FetchException timedOut(URI uri) {
        Duration total = policy.totalTimeout();
        return new FetchException(FetchException.TIMEOUT, "fetching " + uri + " took longer than its deadline of "
                + total.toMillis() / 1000.0 + " s; it was cut");
    }

    /** The host as OkHttp's lookup sees it (IPv6 literals without brackets; those are never looked up anyway). */
    private static String okHttpHost(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
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
}
