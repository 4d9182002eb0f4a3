package org.pharmacyvoice.adapters.twilio;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-time tokens that bind a media stream to a call we answered: the stream upgrade's signature is the same on every
 * call and can be replayed, a token handed out in that call's TwiML cannot.
 *
 * <p>A token carries its own expiry and a MAC over the call's SID, keyed from the Twilio auth token, so any server
 * sharing that auth token accepts a stream whose webhook another server answered (several servers behind one load
 * balancer need no sticky routing). Each server remembers the tokens it has accepted until they expire, so a token
 * starts at most one stream per server; the store never holds more than a fixed number.
 */
final class StreamTokens {

    /** What became of a token presented on {@code start}. */
    enum Redemption {
        ACCEPTED, MISSING, NOT_FOR_THIS_CALL, USED, EXPIRED
    }

    static final int DEFAULT_CAPACITY = 10_000;
    private static final int EXPIRY_BYTES = Long.BYTES;
    private static final int NONCE_BYTES = 16;
    private static final int MAC_BYTES = 32;
    private static final int TOKEN_BYTES = EXPIRY_BYTES + NONCE_BYTES + MAC_BYTES;
    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final long lifetimeMillis;
    private final int capacity;
    private final LongSupplier epochMillis;
    private final ReentrantLock lock = new ReentrantLock();
    /** Tokens accepted here and not yet expired, oldest first, with their expiry. */
    private final LinkedHashMap<String, Long> used = new LinkedHashMap<>();

    /**
     * Tokens for one purpose ({@code "media-stream"}, {@code "softphone"}): keyed from the shared secret when there is
     * one, so every server with that secret accepts them, and from a random secret of this process otherwise. Tokens
     * of one purpose are never valid for another.
     */
    static StreamTokens forPurpose(String purpose, Optional<String> sharedSecret, Duration lifetime) {
        byte[] secret = sharedSecret.map(s -> s.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            return random;
        });
        return new StreamTokens(derive(secret, "pharmacy-voice stream token v1 " + purpose), lifetime,
                DEFAULT_CAPACITY, System::currentTimeMillis);
    }

    StreamTokens(byte[] key, Duration lifetime, int capacity, LongSupplier epochMillis) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a token lifetime must be positive: " + lifetime);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.key = new SecretKeySpec(key, MAC_ALGORITHM);
        this.lifetimeMillis = lifetime.toMillis();
        this.capacity = capacity;
        this.epochMillis = Objects.requireNonNull(epochMillis, "'epochMillis' must not be null");
    }

    /** A fresh token that lets one stream of this call start, once, within the lifetime. */
    String mint(String callSid) {
        Objects.requireNonNull(callSid, "'callSid' must not be null");
        if (callSid.isBlank()) {
            throw new IllegalArgumentException("a stream token needs a CallSid");
        }
        ByteBuffer token = ByteBuffer.allocate(TOKEN_BYTES);
        token.putLong(epochMillis.getAsLong() + lifetimeMillis);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        token.put(nonce);
        token.put(mac(callSid, token.array(), EXPIRY_BYTES + NONCE_BYTES));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
    }

    /** Uses up the token if it was minted for exactly this call and has not expired; otherwise says why not. */
    Redemption redeem(String token, String callSid) {
        if (token == null || token.isEmpty()) {
            return Redemption.MISSING;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            return Redemption.NOT_FOR_THIS_CALL;
        }
        if (bytes.length != TOKEN_BYTES || callSid == null) {
            return Redemption.NOT_FOR_THIS_CALL;
        }
        byte[] expected = mac(callSid, bytes, EXPIRY_BYTES + NONCE_BYTES);
        byte[] presented = Arrays.copyOfRange(bytes, EXPIRY_BYTES + NONCE_BYTES, TOKEN_BYTES);
        if (!MessageDigest.isEqual(expected, presented)) {
            // Forged, altered, minted by a server with another secret, or minted for another call: all the same here.
            return Redemption.NOT_FOR_THIS_CALL;
        }
        long expiresAt = ByteBuffer.wrap(bytes).getLong();
        // The same bytes can be spelt in more than one way in base64; remember them in one spelling.
        String canonical = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        lock.lock();
        try {
            long now = epochMillis.getAsLong();
            dropExpired(now);
            if (now >= expiresAt) {
                return Redemption.EXPIRED;
            }
            if (used.containsKey(canonical)) {
                return Redemption.USED;
            }
            if (used.size() >= capacity) {
                // Only signed webhooks mint, so a full store means a burst of real calls: the oldest accepted
                // token is the least likely to be replayed.
                used.pollFirstEntry();
            }
            used.put(canonical, expiresAt);
            return Redemption.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /** Accepted tokens remembered to refuse their replay. */
    int remembered() {
        lock.lock();
        try {
            return used.size();
        } finally {
            lock.unlock();
        }
    }

    private byte[] mac(String callSid, byte[] token, int length) {
        Mac mac = hmac(key);
        mac.update(callSid.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update(token, 0, length);
        return mac.doFinal();
    }

    private static byte[] derive(byte[] secret, String label) {
        return hmac(new SecretKeySpec(secret, MAC_ALGORITHM)).doFinal(label.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac hmac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Accepted tokens are kept in acceptance order, close to expiry order; an early stop only keeps a few longer. */
    private void dropExpired(long now) {
        Iterator<Map.Entry<String, Long>> oldestFirst = used.entrySet().iterator();
        while (oldestFirst.hasNext() && now >= oldestFirst.next().getValue()) {
            oldestFirst.remove();
        }
    }
}
