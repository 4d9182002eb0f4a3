package org.pharmacyvoice.app.staff;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.app.http.JsonReplies;
import org.pharmacyvoice.app.http.RejectedRequest;
import org.pharmacyvoice.app.http.RequestReading;
import org.pharmacyvoice.domain.dispensary.port.in.RefillQueueUseCase;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillChange;
import org.pharmacyvoice.domain.prescription.RefillFilter;
import org.pharmacyvoice.domain.prescription.RefillStatus;

/**
 * {@code /api/refills}: the refill work queue, newest first, and moving a refill along it with {@code PATCH} (pending,
 * ready, picked up, or cancelled). Only HTTP and JSON live here; which moves are allowed, and what a pick-up or a
 * cancel does to the prescription, is the dispensary's to decide. A refill moved to ready asks for the patient's
 * ready-for-pickup call when the pharmacy places calls.
 */
final class RefillsApi {

    private final RefillQueueUseCase queue;
    private final PickupCallRequests pickupCalls;

    RefillsApi(RefillQueueUseCase queue, PickupCallRequests pickupCalls) {
        this.queue = Objects.requireNonNull(queue, "'queue' must not be null");
        this.pickupCalls = Objects.requireNonNull(pickupCalls, "'pickupCalls' must not be null");
    }

    /** Adds the routes; other methods get a JSON 405, other paths below {@code /api/refills/} a JSON 404. */
    void addRoutes(HttpRouting.Builder http) {
        http.get("/api/refills", JsonReplies.guarded(this::list));
        http.patch("/api/refills/{id}", JsonReplies.guarded(this::changeStatus));
        http.any("/api/refills", JsonReplies.methodNotAllowed("GET"));
        http.any("/api/refills/{id}", JsonReplies.methodNotAllowed("PATCH"));
        http.any("/api/refills/*", JsonReplies.noSuchResource(StaffJson.DISPENSARY_RESOURCES));
    }

    private void list(ServerRequest request, ServerResponse response) {
        UriQuery query = request.query();
        RequestReading.onlyParameters(query, "status", "patient_id", "limit");
        Optional<RefillStatus> status = RequestReading.parameter(query, "status").map(code -> RefillStatus
                .fromCode(code).orElseThrow(() -> RejectedRequest.badRequest("invalid_parameter", "Unknown status '"
                        + code + "'; a refill is one of " + String.join(", ", RefillStatus.codes()) + ".")));
        Optional<Long> patientId = RequestReading.idParameter(query, "patient_id");
        int limit = RequestReading.intParameter(query, "limit", RefillFilter.queue().limit(), 1,
                RefillFilter.MAX_LIMIT);
        JsonReplies.send(response, Status.OK_200,
                StaffJson.refills(queue.listRefills(new RefillFilter(status, patientId, limit)), limit));
    }

    private void changeStatus(ServerRequest request, ServerResponse response) {
        long id = RequestReading.pathId(request, "id", "Refill");
        RefillStatus next = StatusPatch.ofRefill(RequestReading.jsonObjectBody(request)).status();
        switch (queue.changeRefillStatus(id, next)) {
            case RefillChange.Changed changed -> JsonReplies.send(response, Status.OK_200, moved(changed.refill()));
            case RefillChange.AlreadyThere same -> JsonReplies.send(response, Status.OK_200, moved(same.refill()));
            case RefillChange.NoSuchRefill missing -> throw RejectedRequest.notFound(
                    "No refill with id " + missing.refillId() + ".");
            case RefillChange.NotAllowed refused -> throw new RejectedRequest(Status.CONFLICT_409,
                    "status_change_not_allowed", refused.reason());
        }
    }

    /**
     * The refill as it is now, after asking for the patient's call (the domain decides whether it is ready to call
     * about), with how that went when it was.
     */
    private JsonObject moved(Refill refill) {
        JsonObject json = StaffJson.refill(refill);
        return pickupCalls.refillReady(refill.id())
                .map(call -> JsonReplies.JSON.createObjectBuilder(json).add("pickup_call", call).build())
                .orElse(json);
    }
}
