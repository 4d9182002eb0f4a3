package org.pharmacyvoice.domain.outbound.port.in;

import java.util.List;
import org.pharmacyvoice.domain.notification.Queued;

/**
 * Inbound port: queues a refill reminder for every fill of an opted-in patient's prescription that runs out soon.
 * Run it as often as convenient (e.g. hourly): each fill gets one reminder whatever the number of runs.
 */
public interface RefillRemindersUseCase {

    /** The reminders this run asked for (new ones, and ones already queued by an earlier run). */
    List<Queued> queueReminders();
}
