package org.pharmacyvoice.domain.outbound.port.out;

import java.util.List;
import org.pharmacyvoice.domain.prescription.Prescription;

/** Outbound port: who asked to be reminded before their medicine runs out. */
public interface ReminderRoster {

    /** The active, filled prescriptions of patients who opted in to refill reminders. */
    List<Prescription> remindable();
}
