package org.pharmacyvoice.domain.outbound;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.dispensary.port.out.PatientRegistry;
import org.pharmacyvoice.domain.dispensary.port.out.RefillQueue;
import org.pharmacyvoice.domain.notification.DialNumber;
import org.pharmacyvoice.domain.notification.NewNotification;
import org.pharmacyvoice.domain.notification.NotificationKind;
import org.pharmacyvoice.domain.notification.Queued;
import org.pharmacyvoice.domain.notification.Subject;
import org.pharmacyvoice.domain.outbound.port.in.RefillRemindersUseCase;
import org.pharmacyvoice.domain.outbound.port.out.NotificationBook;
import org.pharmacyvoice.domain.outbound.port.out.ReminderRoster;
import org.pharmacyvoice.domain.prescription.Prescription;

/**
 * Reminds opted-in patients to ask for a refill before their medicine runs out: a fill runs out {@code daysSupply}
 * days after it was filled, and is reminded of from {@code daysAhead} days before that until the day itself. Only a
 * prescription with refills left is reminded of (one without needs the prescriber, which a call can't settle), and
 * not while a refill for it is already in the queue. One reminder per fill: the fill date is part of the subject.
 */
public final class RefillReminders implements RefillRemindersUseCase {

    private static final System.Logger LOG = System.getLogger(RefillReminders.class.getName());
    public static final int DEFAULT_DAYS_AHEAD = 3;

    private final ReminderRoster roster;
    private final PatientRegistry patients;
    private final RefillQueue refills;
    private final NotificationBook book;
    private final ZoneId zone;
    private final int daysAhead;
    private final Clock clock;

    public RefillReminders(ReminderRoster roster, PatientRegistry patients, RefillQueue refills, NotificationBook book,
                           ZoneId zone, int daysAhead, Clock clock) {
        this.roster = Objects.requireNonNull(roster, "'roster' must not be null");
        this.patients = Objects.requireNonNull(patients, "'patients' must not be null");
        this.refills = Objects.requireNonNull(refills, "'refills' must not be null");
        this.book = Objects.requireNonNull(book, "'book' must not be null");
        this.zone = Objects.requireNonNull(zone, "'zone' must not be null");
        this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
        if (daysAhead < 0) {
            throw new IllegalArgumentException("days ahead can't be negative: " + daysAhead);
        }
        this.daysAhead = daysAhead;
    }

    @Override
    public List<Queued> queueReminders() {
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        List<Queued> asked = new ArrayList<>();
        for (Prescription rx : roster.remindable()) {
            if (rx.lastFilledOn().isEmpty() || rx.refillsRemaining() == 0) {
                continue;
            }
            LocalDate filledOn = rx.lastFilledOn().get();
            LocalDate runsOut = filledOn.plusDays(rx.daysSupply());
            if (runsOut.isBefore(today) || runsOut.isAfter(today.plusDays(daysAhead))) {
                continue;
            }
            if (refills.latestOf(rx.rxNumber()).filter(refill -> refill.status().isOpen()).isPresent()) {
                continue;
            }
            Optional<String> phone = patients.patient(rx.patientId())
                    .flatMap(patient -> patient.phoneNumbers().stream().findFirst())
                    .flatMap(DialNumber::of);
            if (phone.isEmpty()) {
                continue;
            }
            Queued queued = book.queue(new NewNotification(NotificationKind.REFILL_REMINDER,
                    new Subject.RunningOut(rx.rxNumber(), filledOn), Optional.of(rx.patientId()), phone.get(),
                    clock.instant()));
            asked.add(queued);
        }
        long fresh = asked.stream().filter(Queued::isNew).count();
        LOG.log(Level.INFO, "refill reminders: {0} queued now, {1} queued before", fresh, asked.size() - fresh);
        return List.copyOf(asked);
    }
}
