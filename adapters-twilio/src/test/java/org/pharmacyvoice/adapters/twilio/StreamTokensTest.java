package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.adapters.twilio.StreamTokens.Redemption;

class StreamTokensTest {

    private static final byte[] KEY = "a key shared by every server".getBytes(StandardCharsets.UTF_8);

    private final AtomicLong now = new AtomicLong(1_790_000_000_000L);
    private final StreamTokens tokens = new StreamTokens(KEY, Duration.ofSeconds(60), 3, now::get);

    @Test
    void aTokenStartsItsOwnCallOnceAndThenNeverAgain() {
        String token = tokens.mint("CA1");

        assertThat(tokens.redeem(token, "CA1"), equalTo(Redemption.ACCEPTED));
        assertThat(tokens.redeem(token, "CA1"), equalTo(Redemption.USED));
        assertThat(tokens.remembered(), equalTo(1));
    }

    @Test
    void aTokenForAnotherCallIsRefusedAndStaysGoodForItsOwnCall() {
        String token = tokens.mint("CA1");

        assertThat(tokens.redeem(token, "CA2"), equalTo(Redemption.NOT_FOR_THIS_CALL));
        assertThat(tokens.redeem(token, "CA1"), equalTo(Redemption.ACCEPTED));
    }

    @Test
    void anotherServerWithTheSameSecretAcceptsTheTokenOnce() {
        var otherServer = new StreamTokens(KEY, Duration.ofSeconds(60), 3, now::get);
        String token = tokens.mint("CA1");

        assertThat(otherServer.redeem(token, "CA1"), equalTo(Redemption.ACCEPTED));
        assertThat(otherServer.redeem(token, "CA1"), equalTo(Redemption.USED));
    }

    @Test
    void aServerWithAnotherSecretOrPurposeRefusesTheToken() {
        var stranger = new StreamTokens("another key".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60), 3,
                now::get);
        var media = StreamTokens.forPurpose("media-stream", Optional.of("auth-token"), Duration.ofSeconds(60));
        var softphone = StreamTokens.forPurpose("softphone", Optional.of("auth-token"), Duration.ofSeconds(60));
        var secondMedia = StreamTokens.forPurpose("media-stream", Optional.of("auth-token"), Duration.ofSeconds(60));

        assertThat(stranger.redeem(tokens.mint("CA1"), "CA1"), equalTo(Redemption.NOT_FOR_THIS_CALL));
        assertThat(media.redeem(softphone.mint("CA1"), "CA1"), equalTo(Redemption.NOT_FOR_THIS_CALL));
        assertThat(secondMedia.redeem(media.mint("CA1"), "CA1"), equalTo(Redemption.ACCEPTED));
    }

    @Test
    void withoutASharedSecretEachServerHasItsOwn() {
        var one = StreamTokens.forPurpose("media-stream", Optional.empty(), Duration.ofSeconds(60));
        var two = StreamTokens.forPurpose("media-stream", Optional.empty(), Duration.ofSeconds(60));

        assertThat(two.redeem(one.mint("CA1"), "CA1"), equalTo(Redemption.NOT_FOR_THIS_CALL));
        assertThat(one.redeem(one.mint("CA1"), "CA1"), equalTo(Redemption.ACCEPTED));
    }

    @Test
    void aTokenExpiresAfterItsLifetime() {
        String token = tokens.mint("CA1");
        now.addAndGet(Duration.ofSeconds(60).toMillis());

        assertThat(tokens.redeem(token, "CA1"), equalTo(Redemption.EXPIRED));
    }

    @Test
    void aTokenJustInsideItsLifetimeIsAccepted() {
        String token = tokens.mint("CA1");
        now.addAndGet(Duration.ofSeconds(60).toMillis() - 1);

        assertThat(tokens.redeem(token, "CA1"), equalTo(Redemption.ACCEPTED));
    }

    @Test
    void aTamperedExpiryOrMacIsRefused() {
        byte[] token = Base64.getUrlDecoder().decode(tokens.mint("CA1"));
        byte[] later = token.clone();
        later[7] ^= 0x40;
        byte[] badMac = token.clone();
        badMac[token.length - 1] ^= 1;

        assertThat(tokens.redeem(encode(later), "CA1"), equalTo(Redemption.NOT_FOR_THIS_CALL));
        assertThat(tokens.redeem(encode(badMac), "CA1"), equalTo(Redemption.NOT_FOR_THIS_CALL));
        assertThat(tokens.redeem(encode(token), "CA1"), equalTo(Redemption.ACCEPTED));
    }

    @Test
    void missingOrMadeUpTokensAreRefused() {
        tokens.mint("CA1");

        assertThat(tokens.redeem(null, "CA1"), equalTo(Redemption.MISSING));
        assertThat(tokens.redeem("", "CA1"), equalTo(Redemption.MISSING));
        assertThat(tokens.redeem("guess", "CA1"), equalTo(Redemption.NOT_FOR_THIS_CALL));
        assertThat(tokens.redeem("not base64 at all!", "CA1"), equalTo(Redemption.NOT_FOR_THIS_CALL));
    }

    @Test
    void anotherSpellingOfAUsedTokenIsStillUsed() {
        String token = tokens.mint("CA1");
        assertThat(tokens.redeem(token, "CA1"), equalTo(Redemption.ACCEPTED));

        // 56 bytes leave two spare bits in the last base64 character, which the decoder ignores.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        String respelt = token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        assertThat(respelt, not(equalTo(token)));
        assertThat(Base64.getUrlDecoder().decode(respelt), equalTo(Base64.getUrlDecoder().decode(token)));

        assertThat(tokens.redeem(respelt, "CA1"), equalTo(Redemption.USED));
    }

    @Test
    void acceptedTokensAreForgottenOnceExpiredAndTheStoreStaysBounded() {
        tokens.redeem(tokens.mint("CA1"), "CA1");
        tokens.redeem(tokens.mint("CA2"), "CA2");
        tokens.redeem(tokens.mint("CA3"), "CA3");
        tokens.redeem(tokens.mint("CA4"), "CA4");
        assertThat(tokens.remembered(), equalTo(3));

        now.addAndGet(Duration.ofSeconds(61).toMillis());
        tokens.redeem(tokens.mint("CA5"), "CA5");

        assertThat(tokens.remembered(), equalTo(1));
    }

    @Test
    void tokensAreLongRandomAndUrlSafe() {
        String first = tokens.mint("CA1");
        String second = tokens.mint("CA1");

        assertThat(first, matchesPattern("[A-Za-z0-9_-]{75}"));
        assertThat(second, not(equalTo(first)));
    }

    @Test
    void aTokenNeedsACallSid() {
        assertThrows(IllegalArgumentException.class, () -> tokens.mint(" "));
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
