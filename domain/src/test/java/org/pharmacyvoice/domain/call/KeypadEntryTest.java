package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;

/** The keypad's rules, with time made up: nothing here waits. */
class KeypadEntryTest {

    private static final long SECOND = 1_000_000_000L;
    private final KeypadEntry entry = new KeypadEntry("CA01", Duration.ofSeconds(3));

    @Test
    void poundSendsTheDigitsTypedSoFar() {
        assertThat(pressAll("1234567", 0), equalTo(List.of()));

        assertThat(entry.press("#", SECOND), equalTo(Optional.of(new KeypadEntry.Digits("1234567"))));
        assertThat("the next entry starts empty", entry.press("#", 2 * SECOND), equalTo(Optional.empty()));
    }

    @Test
    void poundWithNothingTypedSendsNothing() {
        assertThat(entry.press("#", 0), equalTo(Optional.empty()));
        assertThat(entry.pauseEndsAt(), equalTo(OptionalLong.empty()));
    }

    @Test
    void aPauseAfterTheLastKeySendsTheDigitsButNotBefore() {
        pressAll("0115", 0);
        entry.press("1", 5 * SECOND);

        assertThat(entry.pauseEndsAt(), equalTo(OptionalLong.of(8 * SECOND)));
        assertThat(entry.pauseOver(8 * SECOND - 1), equalTo(Optional.empty()));
        assertThat(entry.pauseOver(8 * SECOND), equalTo(Optional.of(new KeypadEntry.Digits("01151"))));
        assertThat(entry.pauseOver(20 * SECOND), equalTo(Optional.empty()));
        assertThat(entry.pauseEndsAt(), equalTo(OptionalLong.empty()));
    }

    @Test
    void aPauseWithNothingTypedSendsNothing() {
        assertThat(entry.pauseOver(100 * SECOND), equalTo(Optional.empty()));
    }

    @Test
    void starClearsWhatWasTypedSoFar() {
        pressAll("999", 0);
        entry.press("*", 1);
        pressAll("42", 2);

        assertThat(entry.press("#", 3), equalTo(Optional.of(new KeypadEntry.Digits("42"))));
    }

    @Test
    void starAloneLeavesNothingForThePause() {
        pressAll("12", 0);
        entry.press("*", SECOND);

        assertThat(entry.pauseEndsAt(), equalTo(OptionalLong.empty()));
        assertThat(entry.pauseOver(10 * SECOND), equalTo(Optional.empty()));
    }

    @Test
    void twentyDigitsAreAcceptedAndTheTwentyFirstMakesTheEntryTooLong() {
        pressAll("12345678901234567890", 0);
        assertThat(entry.press("#", 1), equalTo(Optional.of(new KeypadEntry.Digits("12345678901234567890"))));

        pressAll("123456789012345678901", 2);
        assertThat(entry.press("#", 3), equalTo(Optional.of(new KeypadEntry.TooLong(21))));
    }

    @Test
    void anEntryTooLongIsNotPassedOnButTheAgentHearsWhyWithoutADigit() {
        pressAll("5".repeat(25), 0);
        KeypadEntry.Finished finished = entry.pauseOver(10 * SECOND).orElseThrow();

        assertThat(finished, equalTo(new KeypadEntry.TooLong(25)));
        assertThat(finished.forAgent().orElseThrow(), equalTo("The caller typed 25 keys on the keypad, more than the 20 "
                + "a number can have here, so they were not passed on."));
        assertThat(finished.forRecord(), equalTo(new ConversationLine(Speaker.CALLER,
                "[typed 25 keys on the keypad: too many, not passed on]")));
    }

    @Test
    void starAfterTooManyKeysStartsAFreshEntry() {
        pressAll("1".repeat(30), 0);
        entry.press("*", 1);
        pressAll("77", 2);

        assertThat(entry.press("#", 3), equalTo(Optional.of(new KeypadEntry.Digits("77"))));
    }

    @Test
    void keysThatAreNotDigitsStarOrPoundAreIgnored() {
        entry.press("1", 0);
        for (String key : new String[] {"A", "B", "C", "D", "d", "E", "x", "", "12", null, "\n", "١"}) {
            assertThat(key, entry.press(key, 1), equalTo(Optional.empty()));
        }
        entry.press("2", 2);

        assertThat(entry.press("#", 3), equalTo(Optional.of(new KeypadEntry.Digits("12"))));
    }

    @Test
    void zeroOnItsOwnIsKeptForAskingForAPersonAndTheAgentHearsNothing() {
        entry.press("0", 0);
        KeypadEntry.Finished byPound = entry.press("#", 1).orElseThrow();
        entry.press("0", 2);
        KeypadEntry.Finished byPause = entry.pauseOver(10 * SECOND).orElseThrow();

        assertThat(byPound, equalTo(new KeypadEntry.AskedForPerson()));
        assertThat(byPause, equalTo(new KeypadEntry.AskedForPerson()));
        assertThat(byPound.forAgent(), equalTo(Optional.empty()));
        assertThat(byPound.forRecord(), equalTo(new ConversationLine(Speaker.CALLER, "[pressed 0 on its own]")));
    }

    @Test
    void zeroFirstInALongerEntryIsAnOrdinaryDigitForDatesOfBirth() {
        pressAll("01151980", 0);
        assertThat(entry.press("#", 1), equalTo(Optional.of(new KeypadEntry.Digits("01151980"))));

        pressAll("00", 2);
        assertThat(entry.press("#", 3), equalTo(Optional.of(new KeypadEntry.Digits("00"))));
    }

    @Test
    void theAgentReadsTheDigitsInOneRunAndTheRecordOnlyTheirCount() {
        KeypadEntry.Finished typed = new KeypadEntry.Digits("1234567");

        assertThat(typed.forAgent().orElseThrow(), equalTo("The caller typed on the keypad: 1234567"));
        assertThat(typed.forRecord(), equalTo(new ConversationLine(Speaker.CALLER, "[typed 7 keys on the keypad]")));
        assertThat(new KeypadEntry.Digits("5").forRecord().text(), equalTo("[typed 1 key on the keypad]"));
        assertThat(typed.forRecord().text(), not(containsString("1234567")));
    }

    private List<KeypadEntry.Finished> pressAll(String keys, long at) {
        var finished = new ArrayList<KeypadEntry.Finished>();
        for (char key : keys.toCharArray()) {
            entry.press(String.valueOf(key), at).ifPresent(finished::add);
        }
        return finished;
    }
}
