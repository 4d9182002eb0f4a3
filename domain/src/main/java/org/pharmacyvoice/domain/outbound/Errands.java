package org.pharmacyvoice.domain.outbound;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.call.port.out.CallPurposes;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.dispensary.port.out.PatientRegistry;
import org.pharmacyvoice.domain.dispensary.port.out.PrescriptionFile;
import org.pharmacyvoice.domain.dispensary.port.out.RefillQueue;
import org.pharmacyvoice.domain.notification.ErrandMessage;
import org.pharmacyvoice.domain.notification.NoMoreCalls;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.PlacedAttempt;
import org.pharmacyvoice.domain.notification.Subject;
import org.pharmacyvoice.domain.outbound.port.in.CallErrandUseCase;
import org.pharmacyvoice.domain.outbound.port.in.OptOutUseCase;
import org.pharmacyvoice.domain.outbound.port.out.NotificationBook;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.telephony.Errand;

/**
 * The errand of each call the pharmacy placed, found by its call SID in the notification book (so any server carries
 * it): the agent's briefing, the message once the person is verified as the patient it is for, and the person's wish
 * for no more calls.
 */
public final class Errands implements CallErrandUseCase, CallPurposes {

    private static final System.Logger LOG = System.getLogger(Errands.class.getName());

    private final NotificationBook book;
    private final OptOutUseCase optOuts;
    private final PatientRegistry patients;
    private final PrescriptionFile prescriptions;
    private final RefillQueue refills;
    private final OrderLedger orders;
    private final ErrandWords words;

    public Errands(NotificationBook book, OptOutUseCase optOuts, PatientRegistry patients,
                   PrescriptionFile prescriptions, RefillQueue refills, OrderLedger orders, OutboundSettings settings) {
        this.book = Objects.requireNonNull(book, "'book' must not be null");
        this.optOuts = Objects.requireNonNull(optOuts, "'optOuts' must not be null");
        this.patients = Objects.requireNonNull(patients, "'patients' must not be null");
        this.prescriptions = Objects.requireNonNull(prescriptions, "'prescriptions' must not be null");
        this.refills = Objects.requireNonNull(refills, "'refills' must not be null");
        this.orders = Objects.requireNonNull(orders, "'orders' must not be null");
        this.words = new ErrandWords(Objects.requireNonNull(settings, "'settings' must not be null"));
    }

    @Override
    public Optional<Errand> errandOf(String callSid) {
        return book.attemptByCallSid(callSid).map(PlacedAttempt::notification).map(notification -> {
            Optional<String> firstName = firstName(notification);
            return new Errand(words.greeting(firstName), words.instructions(notification.kind(), firstName),
                    notification.patientId());
        });
    }

    @Override
    public boolean pressedForNoMoreCalls(String callSid) {
        return noMoreCalls(callSid, "keypad") instanceof NoMoreCalls.Listed;
    }

    @Override
    public NoMoreCalls noMoreCalls(String callSid) {
        return noMoreCalls(callSid, "call");
    }

    private NoMoreCalls noMoreCalls(String callSid, String how) {
        Optional<PlacedAttempt> attempt = book.attemptByCallSid(callSid);
        if (attempt.isEmpty()) {
            return new NoMoreCalls.NotAPlacedCall();
        }
        Notification notification = attempt.get().notification();
        LOG.log(Level.INFO, "[{0}] the person asked for no more calls ({1}); listing the number of notification {2}",
                callSid, how, Long.toString(notification.id()));
        return new NoMoreCalls.Listed(optOuts.optOut(notification.phoneNumber(), how));
    }

    @Override
    public ErrandMessage message(String callSid, CallerIdentity caller) {
        Objects.requireNonNull(caller, "'caller' must not be null");
        Optional<PlacedAttempt> attempt = book.attemptByCallSid(callSid);
        if (attempt.isEmpty()) {
            return new ErrandMessage.NoErrand();
        }
        Notification notification = attempt.get().notification();
        boolean verified = notification.patientId().isPresent()
                && caller.patient().map(Patient::id).equals(notification.patientId());
        if (notification.patientId().isPresent() && !verified) {
            return new ErrandMessage.NotVerified(caller.attemptsLeft());
        }
        Optional<String> text = switch (notification.subject()) {
            case Subject.ReadyRefill ready -> refills.refill(ready.refillId())
                    .flatMap(refill -> prescriptions.prescription(refill.rxNumber())).map(words::readyRefill);
            case Subject.ReadyOrder ready -> orders.order(ready.orderId())
                    .map(order -> words.readyOrder(order, verified));
            case Subject.RunningOut fill -> prescriptions.prescription(fill.rxNumber())
                    .map(rx -> words.runningOut(rx, fill.filledOn().plusDays(rx.daysSupply())));
        };
        if (text.isEmpty()) {
            LOG.log(Level.WARNING, "[{0}] notification {1} is about something no longer on file", callSid,
                    Long.toString(notification.id()));
            return new ErrandMessage.NoErrand();
        }
        return new ErrandMessage.Message(notification.kind(), text.get());
    }

    /**
     * The voicemail for {@code notification}'s patient, also what a person hears when no agent can take the call: no
     * health information.
     */
    String voicemail(Notification notification) {
        return words.voicemail(firstName(notification));
    }

    /** The first name of the patient a notification is for; none for an order by a caller who is no patient. */
    private Optional<String> firstName(Notification notification) {
        return notification.patientId().flatMap(patients::patient).map(Patient::firstName);
    }
}
