package org.pharmacyvoice.domain.outbound.port.in;

import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.notification.Cancellation;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.notification.Requeue;

/** Inbound port: staff see the outbound queue and cancel a call not yet being dialled. */
public interface OutboundQueueUseCase {

    /** Notifications in {@code state} (any when empty), newest first, at most {@code limit}. */
    List<Notification> notifications(Optional<NotificationState> state, int limit);

    Cancellation cancel(long notificationId);

    /**
     * Queues a failed notification again, due now (the calling rules still decide when it is dialled, and the
     * attempts made so far still count).
     */
    Requeue requeue(long notificationId);
}
