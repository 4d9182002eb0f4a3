package org.pharmacyvoice.domain.outbound;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.notification.DialNumber;
import org.pharmacyvoice.domain.notification.OptOut;
import org.pharmacyvoice.domain.outbound.port.in.OptOutUseCase;
import org.pharmacyvoice.domain.outbound.port.out.NotificationBook;
import org.pharmacyvoice.domain.outbound.port.out.OptOutList;

/**
 * The opt-out list, honoured at once: listing a number ends its queued calls, and the dialler checks the list again
 * just before every attempt, so a call already claimed by another server is not placed either.
 */
public final class OptOuts implements OptOutUseCase {

    private static final System.Logger LOG = System.getLogger(OptOuts.class.getName());
    static final int MAX_SOURCE = 40;

    private final OptOutList list;
    private final NotificationBook book;
    private final Clock clock;

    public OptOuts(OptOutList list, NotificationBook book, Clock clock) {
        this.list = Objects.requireNonNull(list, "'list' must not be null");
        this.book = Objects.requireNonNull(book, "'book' must not be null");
        this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    }

    @Override
    public OptOut optOut(String number, String source) {
        String e164 = DialNumber.of(number)
                .orElseThrow(() -> new IllegalArgumentException("not a phone number that can be listed"));
        String from = source == null || source.isBlank() ? "unknown" : source.strip();
        OptOut listed = list.add(new OptOut(e164, clock.instant(),
                from.length() > MAX_SOURCE ? from.substring(0, MAX_SOURCE) : from));
        int ended = book.optOutQueued(e164, clock.instant());
        LOG.log(Level.INFO, "a number opted out of calls ({0}); {1} queued call(s) ended", listed.source(), ended);
        return listed;
    }

    @Override
    public Optional<OptOut> optedOut(String number) {
        return DialNumber.of(number).flatMap(list::find);
    }

    @Override
    public List<OptOut> optOuts(int limit) {
        return limit < 1 ? List.of() : list.list(limit);
    }
}
