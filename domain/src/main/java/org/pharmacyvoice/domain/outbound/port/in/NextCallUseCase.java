package org.pharmacyvoice.domain.outbound.port.in;

import java.util.Optional;
import org.pharmacyvoice.domain.notification.CallOutcome;
import org.pharmacyvoice.domain.notification.DueCall;
import org.pharmacyvoice.domain.notification.Notification;

/**
 * Inbound port for the dialler: takes the next call the rules allow now, and records how each attempt went. A call
 * taken here is this server's alone; the attempt is counted before it is dialled, so a crash never lets a number be
 * called more often than the rules say.
 */
public interface NextCallUseCase {

    /** The next notification to dial now, claimed for {@code serverId}; empty when none may be called now. */
    Optional<DueCall> takeNextCall(String serverId);

    /** Notes the call SID of a placed attempt. */
    void callPlaced(DueCall call, String callSid);

    /** Records the attempt's outcome; the notification as it is then (queued again, or ended). */
    Notification callEnded(DueCall call, CallOutcome outcome);
}
