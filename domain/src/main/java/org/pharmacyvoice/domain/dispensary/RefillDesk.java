package org.pharmacyvoice.domain.dispensary;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.counter.port.out.ToolCallAlreadyOrdered;
import org.pharmacyvoice.domain.counter.port.out.Transactions;
import org.pharmacyvoice.domain.dispensary.port.in.CheckRefillUseCase;
import org.pharmacyvoice.domain.dispensary.port.in.ListPrescriptionsUseCase;
import org.pharmacyvoice.domain.dispensary.port.in.RequestRefillUseCase;
import org.pharmacyvoice.domain.dispensary.port.out.PrescriptionFile;
import org.pharmacyvoice.domain.dispensary.port.out.RefillQueue;
import org.pharmacyvoice.domain.dispensary.port.out.RenewalRequests;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.NewRenewalRequest;
import org.pharmacyvoice.domain.prescription.Prescription;
import org.pharmacyvoice.domain.prescription.PrescriptionList;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillOutcome;
import org.pharmacyvoice.domain.prescription.RefillPolicy;
import org.pharmacyvoice.domain.prescription.RefillSight;
import org.pharmacyvoice.domain.prescription.RefillVerdict;
import org.pharmacyvoice.domain.prescription.RenewalReason;
import org.pharmacyvoice.domain.prescription.RenewalRequest;
import org.pharmacyvoice.domain.prescription.RxNumber;

/**
 * The refill desk: a verified caller's refills by Rx number, by the law and the pharmacy's rules
 * ({@link org.pharmacyvoice.domain.prescription.RefillRules}). A refill takes one refill off the prescription and
 * joins the work queue in one unit of work; the same agent request never queues twice, however often it is repeated
 * or raced, and a prescription never has two open refills. Another patient's prescription looks exactly like one
 * that does not exist.
 */
public final class RefillDesk implements RequestRefillUseCase, CheckRefillUseCase, ListPrescriptionsUseCase {

    private static final System.Logger LOG = System.getLogger(RefillDesk.class.getName());
    /** Compare-and-set rounds before giving up on a prescription that keeps changing under us. */
    static final int MAX_LOOKS = 5;

    private final PrescriptionFile prescriptions;
    private final RefillQueue queue;
    private final RenewalRequests renewals;
    private final Transactions transactions;
    private final RefillPolicy policy;
    private final Clock clock;

    public RefillDesk(PrescriptionFile prescriptions, RefillQueue queue, RenewalRequests renewals,
                      Transactions transactions, RefillPolicy policy, Clock clock) {
        this.prescriptions = Objects.requireNonNull(prescriptions, "'prescriptions' must not be null");
        this.queue = Objects.requireNonNull(queue, "'queue' must not be null");
        this.renewals = Objects.requireNonNull(renewals, "'renewals' must not be null");
        this.transactions = Objects.requireNonNull(transactions, "'transactions' must not be null");
        this.policy = Objects.requireNonNull(policy, "'policy' must not be null");
        this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    }

    @Override
    public RefillOutcome requestRefill(RequestRefill request) {
        CallerIdentity caller = request.caller();
        Optional<Patient> patient = caller.patient();
        if (patient.isEmpty()) {
            return new RefillOutcome.NotVerified(caller.isLockedOut());
        }
        Optional<String> toolCallId = Optional.of(request.toolCallId()).filter(id -> !id.isBlank());
        Optional<RefillOutcome> repeat = toolCallId.flatMap(id -> earlierAnswer(id, patient.get()));
        if (repeat.isPresent()) {
            return repeat.get();
        }
        Optional<Prescription> found = ownPrescription(request.rxNumber(), patient.get());
        if (found.isEmpty()) {
            return new RefillOutcome.NotOnFile(digitsOf(request.rxNumber()));
        }
        for (int look = 0; look < MAX_LOOKS; look++) {
            try {
                Optional<RefillOutcome> decided = transactions.inTransaction(
                        () -> decide(found.get().rxNumber(), patient.get(), toolCallId, request.callSid()));
                if (decided.isPresent()) {
                    return decided.get();
                }
            } catch (ToolCallAlreadyOrdered raced) {
                // The same request, run twice at once, lost the race to queue: the winner's refill is the answer.
                return earlierAnswer(raced.toolCallId(), patient.get()).orElseThrow(() -> raced);
            }
        }
        throw new IllegalStateException("prescription kept changing while a refill was being queued");
    }

    /** One look at the prescription as it is now, inside the unit of work; empty if it changed before we took it. */
    private Optional<RefillOutcome> decide(String rxNumber, Patient patient, Optional<String> toolCallId,
                                           String callSid) {
        Prescription prescription = prescriptions.prescription(rxNumber).orElseThrow();
        Optional<Refill> open = queue.latestOf(rxNumber).filter(refill -> refill.status().isOpen());
        if (open.isPresent()) {
            return Optional.of(new RefillOutcome.AlreadyQueued(open.get(), prescription));
        }
        Instant now = clock.instant();
        RefillVerdict verdict = policy.rules().verdict(prescription, policy.hours().today(now));
        return switch (verdict) {
            case RefillVerdict.Allowed allowed -> {
                if (!prescriptions.takeRefill(rxNumber, prescription.refillsRemaining())) {
                    yield Optional.empty();
                }
                Refill refill = queue.add(new NewRefill(rxNumber, patient.id(), now, policy.readyBy(now),
                        toolCallId));
                LOG.log(Level.INFO, "[{0}] refill {1} queued for patient {2}", callSid, Long.toString(refill.id()),
                        Long.toString(patient.id()));
                yield Optional.of(new RefillOutcome.Queued(refill, prescriptions.prescription(rxNumber).orElseThrow()));
            }
            case RefillVerdict.TooSoon tooSoon -> Optional.of(new RefillOutcome.TooSoon(tooSoon.earliest(),
                    prescription));
            case RefillVerdict.NeedsNewPrescription needsNew -> Optional.of(
                    new RefillOutcome.NeedsNewPrescription(prescription));
            case RefillVerdict.Inactive inactive -> Optional.of(new RefillOutcome.Inactive(prescription));
            case RefillVerdict.NeedsRenewal renewal -> Optional.of(new RefillOutcome.RenewalRequested(
                    askPrescriber(prescription, renewal.reason(), now, toolCallId, callSid), prescription));
        };
    }

    /** The open request to the prescriber for this prescription, made now if there is none. */
    private RenewalRequest askPrescriber(Prescription prescription, RenewalReason reason, Instant now,
                                         Optional<String> toolCallId, String callSid) {
        Optional<RenewalRequest> open = renewals.openFor(prescription.rxNumber());
        if (open.isPresent()) {
            return open.get();
        }
        RenewalRequest request = renewals.add(new NewRenewalRequest(prescription.rxNumber(),
                prescription.patientId(), prescription.prescriber(), reason, now, toolCallId));
        LOG.log(Level.INFO, "[{0}] renewal request {1} recorded for patient {2} ({3})", callSid,
                Long.toString(request.id()), Long.toString(prescription.patientId()), reason.code());
        return request;
    }

    /** What an earlier run of the same agent request queued, if it did, and if it was for this patient. */
    private Optional<RefillOutcome> earlierAnswer(String toolCallId, Patient patient) {
        return queue.queuedByToolCall(toolCallId)
                .filter(refill -> refill.patientId() == patient.id())
                .flatMap(refill -> prescriptions.prescription(refill.rxNumber())
                        .map(prescription -> new RefillOutcome.Queued(refill, prescription)));
    }

    @Override
    public RefillSight refillStatus(String rxNumber, CallerIdentity caller) {
        Optional<Patient> patient = caller.patient();
        if (patient.isEmpty()) {
            return new RefillSight.NotVerified(caller.isLockedOut());
        }
        return ownPrescription(rxNumber, patient.get())
                .<RefillSight>map(prescription -> new RefillSight.Found(prescription,
                        policy.rules().refillsLeft(prescription), queue.latestOf(prescription.rxNumber()),
                        renewals.openFor(prescription.rxNumber())))
                .orElseGet(() -> new RefillSight.NotOnFile(digitsOf(rxNumber)));
    }

    @Override
    public PrescriptionList prescriptionsOf(CallerIdentity caller) {
        Optional<Patient> patient = caller.patient();
        if (patient.isEmpty()) {
            return new PrescriptionList.NotVerified(caller.isLockedOut());
        }
        var list = prescriptions.ofPatient(patient.get().id());
        return new PrescriptionList.Listed(list, list.stream().map(policy.rules()::refillsLeft).toList());
    }

    private Optional<Prescription> ownPrescription(String rxNumber, Patient patient) {
        return RxNumber.read(rxNumber).flatMap(prescriptions::prescription)
                .filter(prescription -> prescription.patientId() == patient.id());
    }

    /** What the caller gave, reduced to digits (at most 20) so the agent can read it back; never another's data. */
    private static String digitsOf(String said) {
        String digits = said.replaceAll("[^0-9]", "");
        return digits.length() > 20 ? digits.substring(0, 20) : digits;
    }
}
