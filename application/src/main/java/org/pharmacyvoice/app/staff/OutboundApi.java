package org.pharmacyvoice.app.staff;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.app.http.JsonReplies;
import org.pharmacyvoice.app.http.RejectedRequest;
import org.pharmacyvoice.app.http.RequestReading;
import org.pharmacyvoice.domain.notification.Cancellation;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.notification.Requeue;
import org.pharmacyvoice.domain.outbound.port.in.OutboundQueueUseCase;

/**
 * {@code /api/outbound}: the calls the pharmacy owes its patients, newest first, with each one's state and last
 * outcome; {@code POST .../cancel} takes back one still queued, {@code POST .../requeue} tries a failed one again.
 * Only HTTP and JSON live here; which moves are allowed is the queue's to decide.
 */
public final class OutboundApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = PatientsApi.MAX_LIMIT;
    private static final String STATES = String.join(", ", Arrays.stream(NotificationState.values())
            .map(NotificationState::code).toList());

    private final OutboundQueueUseCase queue;
    private final boolean callsEnabled;

    /** {@code callsEnabled}: whether this server places the calls, which the list says for the dashboard. */
    public OutboundApi(OutboundQueueUseCase queue, boolean callsEnabled) {
        this.queue = Objects.requireNonNull(queue, "'queue' must not be null");
        this.callsEnabled = callsEnabled;
    }

    /** Adds the routes; other methods get a JSON 405, other paths below {@code /api/outbound/} a JSON 404. */
    public void addRoutes(HttpRouting.Builder http) {
        http.get("/api/outbound", JsonReplies.guarded(this::list));
        http.post("/api/outbound/{id}/cancel", JsonReplies.guarded(this::cancel));
        http.post("/api/outbound/{id}/requeue", JsonReplies.guarded(this::requeue));
        http.any("/api/outbound", JsonReplies.methodNotAllowed("GET"));
        http.any("/api/outbound/{id}/cancel", JsonReplies.methodNotAllowed("POST"));
        http.any("/api/outbound/{id}/requeue", JsonReplies.methodNotAllowed("POST"));
        http.any("/api/outbound/*", JsonReplies.noSuchResource(StaffJson.OUTBOUND_RESOURCES));
    }

    private void list(ServerRequest request, ServerResponse response) {
        UriQuery query = request.query();
        RequestReading.onlyParameters(query, "state", "limit");
        Optional<NotificationState> state = RequestReading.parameter(query, "state").map(code -> NotificationState
                .fromCode(code).orElseThrow(() -> RejectedRequest.badRequest("invalid_parameter", "Unknown state '"
                        + code + "'; a notification is one of " + STATES + ".")));
        int limit = RequestReading.intParameter(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        JsonReplies.send(response, Status.OK_200,
                StaffJson.notifications(queue.notifications(state, limit), limit, callsEnabled));
    }

    private void cancel(ServerRequest request, ServerResponse response) {
        long id = RequestReading.pathId(request, "id", "Notification");
        switch (queue.cancel(id)) {
            case Cancellation.Cancelled cancelled -> JsonReplies.send(response, Status.OK_200,
                    StaffJson.notification(cancelled.notification()));
            case Cancellation.NotQueued notQueued -> throw new RejectedRequest(Status.CONFLICT_409, "not_queued",
                    "Notification " + id + " is " + notQueued.notification().state().code().replace('_', ' ')
                            + ": only a queued call can be cancelled; one being dialled is not taken back.");
            case Cancellation.NoSuchNotification missing -> throw RejectedRequest.notFound(
                    "No notification with id " + missing.id() + ".");
        }
    }

    private void requeue(ServerRequest request, ServerResponse response) {
        long id = RequestReading.pathId(request, "id", "Notification");
        switch (queue.requeue(id)) {
            case Requeue.Requeued requeued -> JsonReplies.send(response, Status.OK_200,
                    StaffJson.notification(requeued.notification()));
            case Requeue.NotFailed notFailed -> throw new RejectedRequest(Status.CONFLICT_409, "not_failed",
                    "Notification " + id + " is " + notFailed.notification().state().code().replace('_', ' ')
                            + ": only a failed call can be queued again.");
            case Requeue.NoSuchNotification missing -> throw RejectedRequest.notFound(
                    "No notification with id " + missing.id() + ".");
        }
    }
}
