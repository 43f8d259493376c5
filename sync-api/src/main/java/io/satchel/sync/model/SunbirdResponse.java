package io.satchel.sync.model;

import io.satchel.sync.service.ClientTimes;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Sunbird's response envelope ({@code id, ver, ts, params, responseCode, result}) for the compatible endpoints. */
public record SunbirdResponse(String id, String ver, String ts, Params params, String responseCode,
        Map<String, Object> result) {

    public record Params(String resmsgid, String msgid, String err, String status, String errmsg) {
    }

    public static SunbirdResponse ok(String apiId, Map<String, Object> result) {
        return new SunbirdResponse(apiId, "v1", ClientTimes.sunbird(Instant.now()),
                new Params(UUID.randomUUID().toString(), null, null, "successful", null), "OK", result);
    }
}
