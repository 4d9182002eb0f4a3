package org.pharmacyvoice.app.staff;

import jakarta.json.JsonObject;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;
import org.pharmacyvoice.app.http.JsonReplies;
import org.pharmacyvoice.domain.notification.Trigger;
import org.pharmacyvoice.domain.outbound.port.in.PickupCallsUseCase;

/**
 * Asks for the patient's ready-for-pickup call once staff's move of a refill or an order to ready has committed, and
 * says in the reply ({@code "pickup_call"}) whether it is queued. The move stands whatever happens here: a call that
 * could not be queued is logged and said so, and marking it ready again asks again (the trigger is idempotent).
 * Without outbound calls nothing is asked and the reply says nothing.
 */
final class PickupCallRequests {

    private static final System.Logger LOG = System.getLogger(PickupCallRequests.class.getName());

    private final Optional<PickupCallsUseCase> calls;

    PickupCallRequests(Optional<PickupCallsUseCase> calls) {
        this.calls = Objects.requireNonNull(calls, "'calls' must not be null");
    }

    /**
     * The {@code pickup_call} of the reply to a move of refill {@code refillId}; empty when calls are off or the
     * refill is not ready.
     */
    Optional<JsonObject> refillReady(long refillId) {
        return ask("refill", refillId, id -> calls.orElseThrow().refillReady(id));
    }

    /** The same for order {@code orderId}. */
    Optional<JsonObject> orderReady(long orderId) {
        return ask("order", orderId, id -> calls.orElseThrow().orderReady(id));
    }

    private Optional<JsonObject> ask(String what, long id, LongFunction<Trigger> trigger) {
        if (calls.isEmpty()) {
            return Optional.empty();
        }
        var json = JsonReplies.JSON.createObjectBuilder();
        try {
            switch (trigger.apply(id)) {
                case Trigger.Notified notified -> json.add("queued", true)
                        .add("notification_id", notified.queued().notification().id())
                        .add("state", notified.queued().notification().state().code());
                case Trigger.NoCall none -> json.add("queued", false).add("reason", none.why());
                case Trigger.NotReady notReady -> {
                    return Optional.empty();
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, what + " " + id + " is ready, but its ready-for-pickup call could not be queued", e);
            json.add("queued", false).add("reason", "The call could not be queued just now; mark the " + what
                    + " ready again to try again.");
        }
        return Optional.of(json.build());
    }
}
