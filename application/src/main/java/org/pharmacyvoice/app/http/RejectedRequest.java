package org.pharmacyvoice.app.http;

import io.helidon.http.Status;

/**
 * A request to one of our JSON APIs that can't be served as asked: the HTTP status and the JSON error body
 * {@code {"error": code, "detail": sentence}} it is answered with. Thrown while reading a request, so that each
 * handler reads as the happy path.
 */
public final class RejectedRequest extends RuntimeException {

    private final transient Status status;
    private final String error;
    private final String detail;

    public RejectedRequest(Status status, String error, String detail) {
        super(error + ": " + detail, null, false, false);
        this.status = status;
        this.error = error;
        this.detail = detail;
    }

    public static RejectedRequest badRequest(String error, String detail) {
        return new RejectedRequest(Status.BAD_REQUEST_400, error, detail);
    }

    public static RejectedRequest notFound(String detail) {
        return new RejectedRequest(Status.NOT_FOUND_404, "not_found", detail);
    }

    public Status status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return detail;
    }
}
