package io.satchel.common.http;

/** A refused or failed fetch, with a contract-style error code. */
public class FetchException extends Exception {
    public static final String URL_NOT_ALLOWED = "URL_NOT_ALLOWED";
    public static final String ADDRESS_NOT_ALLOWED = "ADDRESS_NOT_ALLOWED";
    public static final String TOO_LARGE = "SOURCE_TOO_LARGE";
    public static final String FAILED = "FETCH_FAILED";
    public static final String TOO_MANY_REDIRECTS = "TOO_MANY_REDIRECTS";
    /** The whole fetch (redirects, headers, body) outlasted its total deadline and was cut. */
    public static final String TIMEOUT = "SOURCE_TIMEOUT";

    private final String code;

    public FetchException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
