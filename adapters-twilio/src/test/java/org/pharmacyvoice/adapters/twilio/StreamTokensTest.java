package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.adapters.twilio.StreamTokens.Redemption;

class StreamTokensTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final StreamTokens tokens = new StreamTokens(Duration.ofSeconds(60), 3, now::get);

    @Test
    void aTokenStartsItsOwnCallOnceAndThenNeverAgain() {
        String token = tokens.mint("CA1");

        assertThat(tokens.redeem(token, "CA1"), equalTo(Redemption.ACCEPTED));
        assertThat(tokens.redeem(token, "CA1"), equalTo(Redemption.UNKNOWN_OR_USED));
        assertThat(tokens.size(), equalTo(0));
    }

    @Test
    void aTokenForAnotherCallIsRefusedAndStaysForItsOwnCall() {
        String token = tokens.mint("CA1");

        assertThat(tokens.redeem(token, "CA2"), equalTo(Redemption.OTHER_CALL));
        assertThat(tokens.redeem(token, "CA1"), equalTo(Redemption.ACCEPTED));
    }

    @Test
    void aTokenExpiresAfterItsLifetime() {
        String token = tokens.mint("CA1");
        now.addAndGet(Duration.ofSeconds(60).toNanos());

        assertThat(tokens.redeem(token, "CA1"), equalTo(Redemption.EXPIRED));
        assertThat(tokens.size(), equalTo(0));
    }

    @Test
    void aTokenJustInsideItsLifetimeIsAccepted() {
        String token = tokens.mint("CA1");
        now.addAndGet(Duration.ofSeconds(60).toNanos() - 1);

        assertThat(tokens.redeem(token, "CA1"), equalTo(Redemption.ACCEPTED));
    }

    @Test
    void missingOrMadeUpTokensAreRefused() {
        tokens.mint("CA1");

        assertThat(tokens.redeem(null, "CA1"), equalTo(Redemption.MISSING));
        assertThat(tokens.redeem("", "CA1"), equalTo(Redemption.MISSING));
        assertThat(tokens.redeem("guess", "CA1"), equalTo(Redemption.UNKNOWN_OR_USED));
    }

    @Test
    void expiredTokensAreDroppedWhenTheNextOneIsMinted() {
        tokens.mint("CA1");
        tokens.mint("CA2");
        now.addAndGet(Duration.ofSeconds(61).toNanos());

        tokens.mint("CA3");

        assertThat(tokens.size(), equalTo(1));
    }

    @Test
    void aFullStoreForgetsItsOldestToken() {
        String oldest = tokens.mint("CA1");
        String second = tokens.mint("CA2");
        tokens.mint("CA3");

        tokens.mint("CA4");

        assertThat(tokens.size(), equalTo(3));
        assertThat(tokens.redeem(oldest, "CA1"), equalTo(Redemption.UNKNOWN_OR_USED));
        assertThat(tokens.redeem(second, "CA2"), equalTo(Redemption.ACCEPTED));
    }

    @Test
    void tokensAreLongRandomAndUrlSafe() {
        String first = tokens.mint("CA1");
        String second = tokens.mint("CA1");

        assertThat(first, matchesPattern("[A-Za-z0-9_-]{43}"));
        assertThat(second, not(equalTo(first)));
    }

    @Test
    void aTokenNeedsACallSid() {
        assertThrows(IllegalArgumentException.class, () -> tokens.mint(" "));
    }
}
