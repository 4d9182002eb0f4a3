package org.pharmacyvoice.app.staff;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Objects;
import org.pharmacyvoice.app.http.JsonReplies;
import org.pharmacyvoice.app.http.RejectedRequest;
import org.pharmacyvoice.app.http.RequestReading;
import org.pharmacyvoice.domain.notification.DialNumber;
import org.pharmacyvoice.domain.notification.OptOut;
import org.pharmacyvoice.domain.outbound.port.in.OptOutUseCase;

/**
 * {@code /api/opt-outs}: the numbers the pharmacy no longer calls, newest first, and staff adding one with
 * {@code POST {"number": "..."}} (a patient who asked at the counter or by letter). Listing is honoured at once: the
 * number's queued calls end, and a call about to be dialled is not placed.
 */
public final class OptOutsApi {

    private static final System.Logger LOG = System.getLogger(OptOutsApi.class.getName());
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = PatientsApi.MAX_LIMIT;
    /** How staff's listings are told from patients' own (on a call, on the keypad) in the list. */
    static final String SOURCE = "staff";

    private final OptOutUseCase optOuts;

    public OptOutsApi(OptOutUseCase optOuts) {
        this.optOuts = Objects.requireNonNull(optOuts, "'optOuts' must not be null");
    }

    /** Adds the routes; other methods get a JSON 405, other paths below {@code /api/opt-outs/} a JSON 404. */
    public void addRoutes(HttpRouting.Builder http) {
        http.get("/api/opt-outs", JsonReplies.guarded(this::list));
        http.post("/api/opt-outs", JsonReplies.guarded(this::add));
        http.any("/api/opt-outs", JsonReplies.methodNotAllowed("GET, POST"));
        http.any("/api/opt-outs/*", JsonReplies.noSuchResource(StaffJson.OUTBOUND_RESOURCES));
    }

    private void list(ServerRequest request, ServerResponse response) {
        UriQuery query = request.query();
        RequestReading.onlyParameters(query, "limit");
        int limit = RequestReading.intParameter(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        JsonReplies.send(response, Status.OK_200, StaffJson.optOuts(optOuts.optOuts(limit), limit));
    }

    private void add(ServerRequest request, ServerResponse response) {
        String number = number(RequestReading.jsonObjectBody(request));
        boolean listedBefore = optOuts.optedOut(number).isPresent();
        OptOut listed = optOuts.optOut(number, SOURCE);
        if (!listedBefore) {
            LOG.log(Level.INFO, "staff listed a number for no more calls");
        }
        JsonReplies.send(response, listedBefore ? Status.OK_200 : Status.CREATED_201,
                StaffJson.optOut(listed, !listedBefore));
    }

    /** The body must be exactly {@code {"number": "..."}}, a number the pharmacy could dial. */
    private static String number(JsonObject body) {
        for (String name : body.keySet()) {
            if (!name.equals("number")) {
                throw RejectedRequest.badRequest("unknown_field", "Only a number can be listed, as "
                        + "{\"number\":\"+15551234567\"}, not '" + name + "'.");
            }
        }
        JsonValue value = body.get("number");
        if (value == null) {
            throw RejectedRequest.badRequest("missing_field", "Say which number gets no more calls, e.g. "
                    + "{\"number\":\"+15551234567\"}.");
        }
        if (!(value instanceof JsonString text)) {
            throw RejectedRequest.badRequest("invalid_field", "number must be a string, not "
                    + value.getValueType().name().toLowerCase(Locale.ROOT) + ".");
        }
        if (DialNumber.of(text.getString()).isEmpty()) {
            throw RejectedRequest.badRequest("invalid_number", "That is not a phone number the pharmacy could call; "
                    + "write it as +15551234567 or (555) 123-4567.");
        }
        return text.getString();
    }
}
