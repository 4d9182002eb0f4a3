package org.pharmacyvoice.adapters.twilio;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * One-time tokens that bind a media stream to a call we answered: the stream upgrade's signature is the same on every
 * call and can be replayed, a token handed out in that call's TwiML cannot. Tokens expire on their own and the store
 * never holds more than a fixed number.
 */
final class StreamTokens {

    /** What became of a token presented on {@code start}. */
    enum Redemption {
        ACCEPTED, MISSING, UNKNOWN_OR_USED, EXPIRED, OTHER_CALL
    }

    private record Issued(String callSid, long expiresAtNanos) {
    }

    static final int DEFAULT_CAPACITY = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final long lifetimeNanos;
    private final int capacity;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    /** In minting order, which is also expiry order, as every token lives equally long. */
    private final LinkedHashMap<String, Issued> issued = new LinkedHashMap<>();

    StreamTokens(Duration lifetime) {
        this(lifetime, DEFAULT_CAPACITY, System::nanoTime);
    }

    StreamTokens(Duration lifetime, int capacity, LongSupplier nanoTime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a token lifetime must be positive: " + lifetime);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.lifetimeNanos = lifetime.toNanos();
        this.capacity = capacity;
        this.nanoTime = Objects.requireNonNull(nanoTime, "'nanoTime' must not be null");
    }

    /** A fresh random token that lets one stream of this call start, once, within the lifetime. */
    String mint(String callSid) {
        Objects.requireNonNull(callSid, "'callSid' must not be null");
        if (callSid.isBlank()) {
            throw new IllegalArgumentException("a stream token needs a CallSid");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            dropExpired(now);
            if (issued.size() >= capacity) {
                // Only signed webhooks mint, so a full store means a burst of real calls: the oldest is least likely
                // still to be waiting for its stream.
                issued.pollFirstEntry();
            }
            issued.put(token, new Issued(callSid, now + lifetimeNanos));
        } finally {
            lock.unlock();
        }
        return token;
    }

    /** Uses up the token if it was minted for exactly this call and has not expired; otherwise says why not. */
    Redemption redeem(String token, String callSid) {
        if (token == null || token.isEmpty()) {
            return Redemption.MISSING;
        }
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            Issued entry = issued.get(token);
            if (entry == null) {
                return Redemption.UNKNOWN_OR_USED;
            }
            if (now - entry.expiresAtNanos() >= 0) {
                issued.remove(token);
                return Redemption.EXPIRED;
            }
            if (!entry.callSid().equals(callSid)) {
                return Redemption.OTHER_CALL;
            }
            issued.remove(token);
            return Redemption.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /** Tokens minted and neither used nor dropped yet. */
    int size() {
        lock.lock();
        try {
            return issued.size();
        } finally {
            lock.unlock();
        }
    }

    private void dropExpired(long now) {
        Iterator<Map.Entry<String, Issued>> oldestFirst = issued.entrySet().iterator();
        while (oldestFirst.hasNext() && now - oldestFirst.next().getValue().expiresAtNanos() >= 0) {
            oldestFirst.remove();
        }
    }
}
