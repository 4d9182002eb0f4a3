package org.pharmacyvoice.domain.fakes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.pharmacyvoice.domain.counter.port.out.ToolCallAlreadyOrdered;
import org.pharmacyvoice.domain.counter.port.out.Transactions;
import org.pharmacyvoice.domain.dispensary.port.out.PatientRegistry;
import org.pharmacyvoice.domain.dispensary.port.out.PrescriptionFile;
import org.pharmacyvoice.domain.dispensary.port.out.RefillQueue;
import org.pharmacyvoice.domain.dispensary.port.out.RenewalRequests;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.NewRenewalRequest;
import org.pharmacyvoice.domain.prescription.Prescription;
import org.pharmacyvoice.domain.prescription.PrescriptionStatus;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillFilter;
import org.pharmacyvoice.domain.prescription.RefillStatus;
import org.pharmacyvoice.domain.prescription.RenewalRequest;
import org.pharmacyvoice.domain.prescription.Schedule;

/**
 * Patients, prescriptions, the refill queue and renewal requests in memory, with the database's rules:
 * compare-and-set changes, a unique tool-call id per refill, and a unit of work undone whole when it throws. A hook
 * lets a test have a racing request (or a colleague) write first.
 */
public final class InMemoryDispensary implements PatientRegistry, PrescriptionFile, RefillQueue, RenewalRequests,
        Transactions {

    private final Map<Long, Patient> patients = new LinkedHashMap<>();
    private final Map<String, Prescription> prescriptions = new LinkedHashMap<>();
    private final Map<Long, Refill> refills = new LinkedHashMap<>();
    private final Map<Long, RenewalRequest> renewals = new LinkedHashMap<>();
    private final AtomicLong nextRefillId = new AtomicLong(1);
    private final AtomicLong nextRenewalId = new AtomicLong(1);
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong rolledBack = new AtomicLong();
    private Runnable beforeNextWrite = () -> { };
    /** Writes another server committed while our unit of work was open: our rollback must not undo them. */
    private final List<Runnable> committedElsewhere = new ArrayList<>();
    private final List<Map.Entry<Long, Instant>> failedVerifications = new ArrayList<>();
    private int depth;

    public synchronized Patient patient(long id, String firstName, String lastName, LocalDate born, String... phones) {
        var patient = new Patient(id, firstName, lastName, born, List.of(phones));
        patients.put(id, patient);
        return patient;
    }

    /** Files a prescription; {@code lastFilled} may be null (never filled). */
    public synchronized Prescription prescription(String rxNumber, long patientId, String drugName, Schedule schedule,
                                                  LocalDate written, int authorized, int remaining, int daysSupply,
                                                  LocalDate lastFilled) {
        var prescription = new Prescription(rxNumber, patientId, 1, drugName, "10 mg", "Take one tablet daily.",
                "Dr. Ana Ruiz", written, authorized, remaining, daysSupply, Optional.ofNullable(lastFilled), schedule,
                PrescriptionStatus.ACTIVE);
        prescriptions.put(rxNumber, prescription);
        return prescription;
    }

    public synchronized void file(Prescription prescription) {
        prescriptions.put(prescription.rxNumber(), prescription);
    }

    /** Runs {@code action} once, just before the next refill or prescription change is written. */
    public synchronized void beforeNextWrite(Runnable action) {
        beforeNextWrite = action;
    }

    public synchronized List<Refill> refills() {
        return List.copyOf(refills.values());
    }

    public synchronized List<RenewalRequest> renewals() {
        return List.copyOf(renewals.values());
    }

    public long committed() {
        return committed.get();
    }

    public long rolledBack() {
        return rolledBack.get();
    }

    @Override
    public synchronized <T> T inTransaction(Supplier<T> work) {
        if (depth > 0) {
            return work.get();
        }
        var prescriptionsBefore = new LinkedHashMap<>(prescriptions);
        var refillsBefore = new LinkedHashMap<>(refills);
        var renewalsBefore = new LinkedHashMap<>(renewals);
        depth++;
        try {
            T result = work.get();
            committed.incrementAndGet();
            return result;
        } catch (RuntimeException e) {
            prescriptions.clear();
            prescriptions.putAll(prescriptionsBefore);
            refills.clear();
            refills.putAll(refillsBefore);
            renewals.clear();
            renewals.putAll(renewalsBefore);
            committedElsewhere.forEach(Runnable::run);
            rolledBack.incrementAndGet();
            throw e;
        } finally {
            committedElsewhere.clear();
            depth--;
        }
    }

    private void hook() {
        Runnable action = beforeNextWrite;
        beforeNextWrite = () -> { };
        action.run();
    }

    @Override
    public synchronized List<Patient> bornOn(LocalDate date) {
        return patients.values().stream().filter(p -> p.dateOfBirth().equals(date)).toList();
    }

    @Override
    public synchronized Optional<Patient> patient(long patientId) {
        return Optional.ofNullable(patients.get(patientId));
    }

    @Override
    public synchronized void failedVerification(long patientId, Instant at) {
        failedVerifications.add(Map.entry(patientId, at));
    }

    @Override
    public synchronized int failedVerificationsSince(long patientId, Instant since) {
        return (int) failedVerifications.stream()
                .filter(failure -> failure.getKey() == patientId && !failure.getValue().isBefore(since)).count();
    }

    @Override
    public synchronized List<Patient> search(String name, String phoneDigits, int limit) {
        String start = name.toLowerCase(Locale.ROOT);
        return patients.values().stream()
                .filter(p -> p.firstName().toLowerCase(Locale.ROOT).startsWith(start)
                        || p.lastName().toLowerCase(Locale.ROOT).startsWith(start))
                .filter(p -> phoneDigits.isEmpty() || p.phoneNumbers().stream()
                        .anyMatch(n -> n.replaceAll("[^0-9]", "").contains(phoneDigits)))
                .sorted(Comparator.comparing(Patient::lastName).thenComparing(Patient::firstName))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Optional<Prescription> prescription(String rxNumber) {
        return Optional.ofNullable(prescriptions.get(rxNumber));
    }

    @Override
    public synchronized List<Prescription> ofPatient(long patientId) {
        return prescriptions.values().stream().filter(p -> p.patientId() == patientId)
                .sorted(Comparator.comparing(Prescription::writtenOn).reversed()).toList();
    }

    @Override
    public synchronized boolean takeRefill(String rxNumber, int expectedRemaining) {
        hook();
        Prescription p = prescriptions.get(rxNumber);
        if (p == null || p.refillsRemaining() != expectedRemaining || expectedRemaining == 0) {
            return false;
        }
        prescriptions.put(rxNumber, withRemaining(p, expectedRemaining - 1, p.lastFilledOn()));
        return true;
    }

    @Override
    public synchronized void returnRefill(String rxNumber) {
        Prescription p = prescriptions.get(rxNumber);
        prescriptions.put(rxNumber, withRemaining(p, Math.min(p.refillsAuthorized(), p.refillsRemaining() + 1),
                p.lastFilledOn()));
    }

    @Override
    public synchronized void filled(String rxNumber, LocalDate date) {
        Prescription p = prescriptions.get(rxNumber);
        prescriptions.put(rxNumber, withRemaining(p, p.refillsRemaining(), Optional.of(date)));
    }

    private static Prescription withRemaining(Prescription p, int remaining, Optional<LocalDate> lastFilled) {
        return new Prescription(p.rxNumber(), p.patientId(), p.drugId(), p.drugName(), p.strength(), p.directions(),
                p.prescriber(), p.writtenOn(), p.refillsAuthorized(), remaining, p.daysSupply(), lastFilled,
                p.schedule(), p.status());
    }

    @Override
    public synchronized Refill add(NewRefill refill) {
        hook();
        if (refill.toolCallId().isPresent() && refills.values().stream()
                .anyMatch(r -> r.toolCallId().equals(refill.toolCallId()))) {
            throw new ToolCallAlreadyOrdered(refill.toolCallId().get(), null);
        }
        var stored = new Refill(nextRefillId.getAndIncrement(), refill.rxNumber(), refill.patientId(),
                refill.status(), refill.requestedAt(), refill.readyBy(), refill.toolCallId(), refill.requestedAt());
        refills.put(stored.id(), stored);
        return stored;
    }

    /**
     * Writes a refill as if another request (or server) had queued and committed it, bypassing every rule; a unit of
     * work of ours that is open meanwhile does not undo it when it rolls back.
     */
    public synchronized Refill queuedElsewhere(NewRefill refill) {
        var stored = new Refill(nextRefillId.getAndIncrement(), refill.rxNumber(), refill.patientId(),
                refill.status(), refill.requestedAt(), refill.readyBy(), refill.toolCallId(), refill.requestedAt());
        refills.put(stored.id(), stored);
        if (depth > 0) {
            committedElsewhere.add(() -> refills.put(stored.id(), stored));
        }
        return stored;
    }

    @Override
    public synchronized Optional<Refill> refill(long refillId) {
        return Optional.ofNullable(refills.get(refillId));
    }

    @Override
    public synchronized Optional<Refill> queuedByToolCall(String toolCallId) {
        return refills.values().stream().filter(r -> r.toolCallId().equals(Optional.of(toolCallId))).findFirst();
    }

    @Override
    public synchronized Optional<Refill> latestOf(String rxNumber) {
        return refills.values().stream().filter(r -> r.rxNumber().equals(rxNumber))
                .max(Comparator.comparing(Refill::requestedAt).thenComparing(Refill::id));
    }

    @Override
    public synchronized List<Refill> find(RefillFilter filter) {
        return refills.values().stream()
                .filter(r -> filter.status().map(s -> s == r.status()).orElse(true))
                .filter(r -> filter.patientId().map(id -> id == r.patientId()).orElse(true))
                .sorted(Comparator.comparing(Refill::requestedAt).thenComparing(Refill::id).reversed())
                .limit(filter.limit())
                .toList();
    }

    @Override
    public synchronized boolean changeStatus(long refillId, RefillStatus expected, RefillStatus next, Instant at) {
        hook();
        Refill r = refills.get(refillId);
        if (r == null || r.status() != expected) {
            return false;
        }
        refills.put(refillId, new Refill(r.id(), r.rxNumber(), r.patientId(), next, r.requestedAt(), r.readyBy(),
                r.toolCallId(), at));
        return true;
    }

    /** Overwrites a refill's status without any rules, as a colleague's change would arrive. */
    public synchronized void colleagueSets(long refillId, RefillStatus status) {
        Refill r = refills.get(refillId);
        refills.put(refillId, new Refill(r.id(), r.rxNumber(), r.patientId(), status, r.requestedAt(), r.readyBy(),
                r.toolCallId(), r.updatedAt()));
    }

    @Override
    public synchronized RenewalRequest add(NewRenewalRequest request) {
        var stored = new RenewalRequest(nextRenewalId.getAndIncrement(), request.rxNumber(), request.patientId(),
                request.prescriber(), request.reason(), request.requestedAt(), true, request.toolCallId());
        renewals.put(stored.id(), stored);
        return stored;
    }

    @Override
    public synchronized Optional<RenewalRequest> openFor(String rxNumber) {
        return renewals.values().stream().filter(r -> r.open() && r.rxNumber().equals(rxNumber)).findFirst();
    }

    @Override
    public synchronized List<RenewalRequest> find(boolean openOnly, int limit) {
        List<RenewalRequest> found = new ArrayList<>(renewals.values());
        found.sort(Comparator.comparing(RenewalRequest::requestedAt).thenComparing(RenewalRequest::id).reversed());
        return found.stream().filter(r -> !openOnly || r.open()).limit(limit).toList();
    }

    @Override
    public synchronized boolean close(long requestId) {
        RenewalRequest r = renewals.get(requestId);
        if (r == null || !r.open()) {
            return false;
        }
        renewals.put(requestId, new RenewalRequest(r.id(), r.rxNumber(), r.patientId(), r.prescriber(), r.reason(),
                r.requestedAt(), false, r.toolCallId()));
        return true;
    }
}
