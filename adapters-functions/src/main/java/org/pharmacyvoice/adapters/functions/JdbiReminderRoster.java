package org.pharmacyvoice.adapters.functions;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.outbound.port.out.ReminderRoster;
import org.pharmacyvoice.domain.prescription.Prescription;

/** Who asked for refill reminders: the patient table's opted_in_reminders flag, read with their prescriptions. */
final class JdbiReminderRoster implements ReminderRoster {

    private final Jdbi jdbi;

    JdbiReminderRoster(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<Prescription> remindable() {
        return jdbi.withHandle(handle -> new PrescriptionTables(handle).remindable());
    }
}
