package org.pharmacyvoice.app.staff;

import io.helidon.http.Status;

/**
 * A staff request that can't be served as asked: the HTTP status and the JSON error body
 * {@code {"error": code, "detail": sentence}} it is answered with. Thrown while reading a request, so that each
 * handler reads as the happy path.
 */
final class RejectedRequest extends RuntimeException {

    private final transient Status status;
    private final String error;
    private final String detail;

    RejectedRequest(Status status, String error, String detail) {
        super(error + ": " + detail, null, false, false);
        this.status = status;
        this.error = error;
        this.detail = detail;
    }

    static RejectedRequest badRequest(String error, String detail) {
        return new RejectedRequest(Status.BAD_REQUEST_400, error, detail);
    }

    static RejectedRequest notFound(String detail) {
        return new RejectedRequest(Status.NOT_FOUND_404, "not_found", detail);
    }

    Status status() {
        return status;
    }

    String error() {
        return error;
    }

    String detail() {
        return detail;
    }
}
