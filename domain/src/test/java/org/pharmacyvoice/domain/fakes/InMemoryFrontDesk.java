package org.pharmacyvoice.domain.fakes;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pharmacyvoice.domain.frontdesk.port.out.Callbacks;
import org.pharmacyvoice.domain.frontdesk.port.out.Handoffs;
import org.pharmacyvoice.domain.telephony.Callback;
import org.pharmacyvoice.domain.telephony.Handoff;

/**
 * The front desk's handoffs and callbacks in memory, with the database's rules (adapters-functions runs the same
 * contract test against both): the first handoff of a call stands, one callback per call, ids from 1, newest first,
 * and a callback closed once only. Safe to share between threads, as the stores are between calls.
 */
public final class InMemoryFrontDesk implements Handoffs, Callbacks {

    private final Map<String, Handoff> handoffs = new LinkedHashMap<>();
    private final Map<Long, Callback> callbacks = new LinkedHashMap<>();
    private long nextCallbackId = 1;

    @Override
    public synchronized void record(Handoff handoff) {
        handoffs.putIfAbsent(handoff.callSid(), handoff);
    }

    @Override
    public synchronized Optional<Handoff> find(String callSid) {
        return Optional.ofNullable(handoffs.get(callSid));
    }

    @Override
    public synchronized Callback add(String callSid, String callerNumber, String summary, Callback.Reason reason,
                                     Optional<String> recordingUrl, int recordingSeconds, Instant at) {
        for (Callback filed : callbacks.values()) {
            if (filed.callSid().equals(callSid)) {
                return filed;
            }
        }
        var callback = new Callback(nextCallbackId++, callSid, callerNumber, summary, reason,
                recordingUrl.filter(url -> !url.isBlank()), Math.max(0, recordingSeconds), at, true);
        callbacks.put(callback.id(), callback);
        return callback;
    }

    @Override
    public synchronized List<Callback> list(boolean openOnly, int limit) {
        return callbacks.values().stream()
                .filter(callback -> !openOnly || callback.open())
                .sorted(Comparator.comparing(Callback::requestedAt).thenComparing(Callback::id).reversed())
                .limit(Math.max(0, limit))
                .toList();
    }

    @Override
    public synchronized boolean close(long id, Instant at) {
        Callback callback = callbacks.get(id);
        if (callback == null || !callback.open()) {
            return false;
        }
        callbacks.put(id, new Callback(callback.id(), callback.callSid(), callback.callerNumber(), callback.summary(),
                callback.reason(), callback.recordingUrl(), callback.recordingSeconds(), callback.requestedAt(),
                false));
        return true;
    }

    /** Every handoff kept, in the order they were. */
    public synchronized List<Handoff> handoffs() {
        return List.copyOf(handoffs.values());
    }

    /** Every callback filed, open or done, in the order they were. */
    public synchronized List<Callback> callbacks() {
        return List.copyOf(callbacks.values());
    }
}
