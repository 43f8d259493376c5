package io.satchel.common.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The contract's error JSON. */
public record ErrorBody(String error, String message, Map<String, Object> details) {

    public static Response response(int status, String code, String message, Map<String, Object> details) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(code, message, details == null ? Map.of() : details)).build();
    }

    public static Response response(int status, String code, String message) {
        return response(status, code, message, Map.of());
    }
}
