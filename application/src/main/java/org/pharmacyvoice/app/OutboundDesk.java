package org.pharmacyvoice.app;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.adapters.functions.PharmacyDatabase;
import org.pharmacyvoice.domain.call.port.out.CallPurposes;
import org.pharmacyvoice.domain.outbound.Dialler;
import org.pharmacyvoice.domain.outbound.Errands;
import org.pharmacyvoice.domain.outbound.OptOuts;
import org.pharmacyvoice.domain.outbound.OutboundCalls;
import org.pharmacyvoice.domain.outbound.PickupCalls;
import org.pharmacyvoice.domain.outbound.PlacedCalls;
import org.pharmacyvoice.domain.outbound.RefillReminders;
import org.pharmacyvoice.domain.outbound.port.in.CallErrandUseCase;
import org.pharmacyvoice.domain.outbound.port.in.OptOutUseCase;
import org.pharmacyvoice.domain.outbound.port.in.OutboundQueueUseCase;
import org.pharmacyvoice.domain.outbound.port.in.PickupCallsUseCase;
import org.pharmacyvoice.domain.outbound.port.in.PlacedCallUseCase;
import org.pharmacyvoice.domain.outbound.port.out.OutboundMetrics;
import org.pharmacyvoice.domain.outbound.port.out.PhoneNetwork;

/**
 * The pharmacy's calls to its patients, assembled from the domain's use cases on the database: the staff's queue and
 * opt-out list always; with OUTBOUND_CALLS=true also the ready-for-pickup trigger, the errands of placed calls, their
 * webhooks' use case and this server's {@link Dialling}, all through Twilio. Off, a call is never queued or placed,
 * and every call is one that came in.
 */
final class OutboundDesk implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OutboundDesk.class.getName());

    private final OutboundCalling settings;
    private final OutboundCalls queue;
    private final OptOuts optOuts;
    private final Optional<PickupCalls> pickupCalls;
    private final Optional<Errands> errands;
    private final Optional<PlacedCalls> placedCalls;
    private final Optional<Dialler> dialler;
    private final Optional<RefillReminders> reminders;
    private Dialling dialling;
    private boolean stopped;

    private OutboundDesk(OutboundCalling settings, OutboundCalls queue, OptOuts optOuts,
                         Optional<PickupCalls> pickupCalls, Optional<Errands> errands,
                         Optional<PlacedCalls> placedCalls, Optional<Dialler> dialler,
                         Optional<RefillReminders> reminders) {
        this.settings = settings;
        this.queue = queue;
        this.optOuts = optOuts;
        this.pickupCalls = pickupCalls;
        this.errands = errands;
        this.placedCalls = placedCalls;
        this.dialler = dialler;
        this.reminders = reminders;
    }

    /**
     * Wires the use cases on {@code database}; with calls on ({@code settings} has a line), they are placed through
     * {@code network} (Twilio's REST API, or one a test scripts), which must then be given.
     */
    static OutboundDesk open(PharmacyDatabase database, OutboundCalling settings, OutboundMetrics metrics,
                             Clock clock, Optional<PhoneNetwork> network) {
        Objects.requireNonNull(metrics, "'metrics' must not be null");
        var book = database.notifications();
        var optOutList = database.optOuts();
        var queue = new OutboundCalls(book, optOutList, database.refillQueue(), database.orderLedger(),
                database.prescriptions(), settings.rules(), clock);
        var optOuts = new OptOuts(optOutList, book, clock);
        if (settings.line().isPresent() != network.isPresent()) {
            throw new IllegalArgumentException("calls are placed through a phone network exactly when they are on");
        }
        if (settings.line().isEmpty()) {
            return new OutboundDesk(settings, queue, optOuts, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
        var calls = settings.line().get().calls();
        var errands = new Errands(book, optOuts, database.patients(), database.prescriptions(),
                database.refillQueue(), database.orderLedger(), calls);
        return new OutboundDesk(settings, queue, optOuts,
                Optional.of(new PickupCalls(book, database.refillQueue(), database.patients(), database.orderLedger(),
                        clock)),
                Optional.of(errands),
                Optional.of(new PlacedCalls(book, queue, network.get(), errands, metrics)),
                Optional.of(new Dialler(queue, book, network.get(), calls, metrics, clock)),
                Optional.of(new RefillReminders(database.reminderRoster(), database.patients(),
                        database.refillQueue(), book, settings.rules().zone(), settings.reminderDaysAhead(), clock)));
    }

    /** Whether this server places calls. */
    boolean enabled() {
        return dialler.isPresent();
    }

    /** The outbound queue as staff see it, and cancel or requeue in it. */
    OutboundQueueUseCase queue() {
        return queue;
    }

    OptOutUseCase optOuts() {
        return optOuts;
    }

    /** What staff marking something ready sets off; empty when calls are off. */
    Optional<PickupCallsUseCase> pickupCalls() {
        return pickupCalls.map(calls -> calls);
    }

    /** For the switchboard: which calls the pharmacy placed, and why. */
    CallPurposes purposes() {
        return errands.<CallPurposes>map(found -> found).orElseGet(CallPurposes::none);
    }

    /** For the errand tools (read_message, stop_calls). */
    CallErrandUseCase errands() {
        return errands.<CallErrandUseCase>map(found -> found).orElseGet(NoErrands::new);
    }

    /** For the placed calls' webhooks; empty when calls are off. */
    Optional<PlacedCallUseCase> placedCalls() {
        return placedCalls.map(calls -> calls);
    }

    /** Starts this server's dialling and reminders, once it listens for the calls' webhooks; nothing when off. */
    synchronized void startDialling(String serverId) {
        if (stopped || dialling != null || dialler.isEmpty()) {
            return;
        }
        dialling = Dialling.start(dialler.get(), reminders.orElseThrow(), serverId, settings.dialInterval(),
                settings.reminderInterval());
    }

    /** Whether this server's dialling runs now. */
    synchronized boolean dialling() {
        return dialling != null;
    }

    /** Places no more calls (a run in progress finishes); for good. Calls already placed go on. */
    synchronized void stopDialling() {
        stopped = true;
        if (dialling != null) {
            dialling.close();
            dialling = null;
            LOG.log(Level.INFO, "dialling stopped: this server places no more calls");
        }
    }

    @Override
    public void close() {
        stopDialling();
    }
}
