package io.satchel.common.http;

import java.time.Duration;
import java.util.List;

/**
 * Limits of an outbound fetch.
 *
 * @param allowList host names or CIDR ranges (e.g. {@code 127.0.0.1/32}, {@code cdn.example.org}) that may be
 *                  fetched even though they resolve to private, loopback or link-local addresses; for asset fetching
 *                  it also limits which public hosts may be fetched when {@code publicHostsAllowed} is false
 * @param publicHostsAllowed whether any public address may be fetched (webhooks: yes; assets: only the allow-list)
 * @param readTimeout longest wait for the headers or for any next bytes of the body
 * @param totalTimeout deadline of the whole fetch (every redirect, headers and body): a source that drips bytes just
 *                     fast enough to beat {@code readTimeout} is still cut here
 */
public record FetchPolicy(List<String> allowList, boolean publicHostsAllowed, long maxBytes, Duration connectTimeout,
        Duration readTimeout, Duration totalTimeout, int maxRedirects) {

    public static FetchPolicy publicInternet(long maxBytes) {
        return new FetchPolicy(List.of(), true, maxBytes, Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofMinutes(10), 5);
    }

    public FetchPolicy withAllowList(List<String> entries) {
        return new FetchPolicy(List.copyOf(entries), publicHostsAllowed, maxBytes, connectTimeout, readTimeout,
                totalTimeout, maxRedirects);
    }

    public FetchPolicy withTotalTimeout(Duration total) {
        return new FetchPolicy(allowList, publicHostsAllowed, maxBytes, connectTimeout, readTimeout, total,
                maxRedirects);
    }
}
