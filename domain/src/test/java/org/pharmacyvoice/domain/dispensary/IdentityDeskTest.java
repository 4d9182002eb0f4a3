package org.pharmacyvoice.domain.dispensary;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.fakes.InMemoryDispensary;
import org.pharmacyvoice.domain.fakes.MutableClock;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.patient.Verification;
import org.pharmacyvoice.domain.prescription.Schedule;

/** A caller proves who they are: name and date of birth, a tie-breaker when needed, three tries at most. */
class IdentityDeskTest {

    private static final LocalDate BORN = LocalDate.of(1961, 3, 3);
    private final InMemoryDispensary records = new InMemoryDispensary();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T15:00:00Z"));
    private final IdentityDesk desk = new IdentityDesk(records, records, clock);
    private final CallerIdentity caller = new CallerIdentity("CA1");
    private final Patient ruth = records.patient(1, "Ruth", "Okafor", BORN, "+12025550101");

    private Verification claim(String name, LocalDate born) {
        return desk.verifyCaller(IdentityClaim.of(name, born), caller);
    }

    @Test
    void failedAttemptsAtOnePatientAcrossCallsPauseTheirVerificationForADayAndSoundLikeAWrongDate() {
        for (int call = 0; call < IdentityDesk.MAX_FAILURES_PER_PATIENT; call++) {
            var guesser = new CallerIdentity("CA-guess-" + call);
            assertThat(desk.verifyCaller(IdentityClaim.of("Ruth Okafor", BORN.plusDays(call + 1)), guesser),
                    equalTo(new Verification.NoMatch(2)));
        }
        var rightGuess = new CallerIdentity("CA-right-guess");
        var otherName = new CallerIdentity("CA-other");

        Verification paused = desk.verifyCaller(IdentityClaim.of("Ruth Okafor", BORN), rightGuess);
        Verification unrelated = desk.verifyCaller(IdentityClaim.of("Someone Else", BORN.plusDays(2)), otherName);
        clock.advance(IdentityDesk.FAILURES_WINDOW.plusMinutes(1));
        var nextDay = new CallerIdentity("CA-next-day");
        Verification afterADay = desk.verifyCaller(IdentityClaim.of("Ruth Okafor", BORN), nextDay);

        assertThat("the right date sounds exactly like a wrong one", paused, equalTo(new Verification.NoMatch(2)));
        assertThat(rightGuess.isVerified(), equalTo(false));
        assertThat(unrelated, equalTo(new Verification.NoMatch(2)));
        assertThat(records.failedVerificationsSince(ruth.id(), Instant.EPOCH),
                equalTo(IdentityDesk.MAX_FAILURES_PER_PATIENT));
        assertThat(afterADay, equalTo(new Verification.Verified(ruth)));
    }

    @Test
    void aRightClaimAndATieBreakerQuestionCountNothingAgainstThePatient() {
        claim("Ruth Okafor", BORN);

        assertThat(records.failedVerificationsSince(ruth.id(), Instant.EPOCH), equalTo(0));
    }

    @Test
    void nameAndDateOfBirthOfOnePatientVerifyTheCallForThatPatient() {
        assertThat(claim("ruth okafor", BORN), equalTo(new Verification.Verified(ruth)));
        assertThat(caller.patient(), equalTo(Optional.of(ruth)));
    }

    @Test
    void aWrongDateOfBirthIsAFailedAttemptAndTheThirdLocksTheCall() {
        assertThat(claim("Ruth Okafor", BORN.plusDays(1)), equalTo(new Verification.NoMatch(2)));
        assertThat(claim("Ruth Okafor", BORN.minusYears(1)), equalTo(new Verification.NoMatch(1)));
        assertThat(claim("Ruth Okafor", BORN.plusMonths(1)), equalTo(new Verification.LockedOut()));

        assertThat("the right answer after the lockout", claim("Ruth Okafor", BORN),
                equalTo(new Verification.LockedOut()));
        assertThat(caller.isVerified(), is(false));
        assertThat(caller.isLockedOut(), is(true));
    }

    @Test
    void aWrongNameWithTheRightDateOfBirthIsAFailedAttempt() {
        assertThat(claim("Ruth Smith", BORN), equalTo(new Verification.NoMatch(2)));
    }

    @Test
    void twoPatientsWithTheSameNameAndBirthdayNeedAnRxNumberOrThePhoneOnFile() {
        Patient otherRuth = records.patient(2, "Ruth", "Okafor", BORN, "+12025550199");
        records.prescription("1000002", 2, "sertraline", Schedule.NONE, LocalDate.of(2026, 1, 1), 5, 5, 30, null);

        assertThat(claim("Ruth Okafor", BORN), equalTo(new Verification.NeedsTieBreaker(3)));
        assertThat(desk.verifyCaller(new IdentityClaim("Ruth Okafor", BORN, Optional.of("Rx 100-0002"),
                Optional.empty()), caller), equalTo(new Verification.Verified(otherRuth)));
    }

    @Test
    void thePhoneOnFileBreaksATieToo() {
        records.patient(2, "Ruth", "Okafor", BORN, "+12025550199");

        assertThat(desk.verifyCaller(new IdentityClaim("Ruth Okafor", BORN, Optional.empty(),
                Optional.of("(202) 555-0101")), caller), equalTo(new Verification.Verified(ruth)));
    }

    @Test
    void aTieBreakerThatDoesNotFitFailsEvenWhenTheNameAloneWouldVerify() {
        records.patient(3, "Sam", "Lee", LocalDate.of(1990, 1, 1), "+12025550300");
        records.prescription("1000003", 3, "sertraline", Schedule.NONE, LocalDate.of(2026, 1, 1), 5, 5, 30, null);

        // Someone holding another patient's label does not become Ruth by adding it.
        assertThat(desk.verifyCaller(new IdentityClaim("Ruth Okafor", BORN, Optional.of("1000003"),
                Optional.empty()), caller), equalTo(new Verification.NoMatch(2)));
        assertThat(desk.verifyCaller(new IdentityClaim("Ruth Okafor", BORN, Optional.empty(),
                Optional.of("+12025550300")), caller), equalTo(new Verification.NoMatch(1)));
    }

    @Test
    void aVerifiedCallStaysWithItsPatient() {
        Patient sam = records.patient(3, "Sam", "Lee", LocalDate.of(1990, 1, 1));
        claim("Ruth Okafor", BORN);

        assertThat(claim("Sam Lee", sam.dateOfBirth()), equalTo(new Verification.OtherPatientAlready()));
        assertThat(claim("Ruth Okafor", BORN), equalTo(new Verification.Verified(ruth)));
        assertThat(caller.patient(), equalTo(Optional.of(ruth)));
    }

    @Test
    void callerIdAloneVerifiesNobody() {
        // The call comes from Ruth's number, but the caller gives no date of birth that fits.
        assertThat(claim("Ruth Okafor", LocalDate.of(2000, 1, 1)), instanceOf(Verification.NoMatch.class));
        assertThat(caller.isVerified(), is(false));
    }

    @Test
    void attemptsRacingEachOtherStillGetOnlyThreeTries() throws Exception {
        List<Callable<Verification>> guesses = new ArrayList<>();
        for (int day = 1; day <= 20; day++) {
            LocalDate guess = BORN.plusDays(day);
            guesses.add(() -> claim("Ruth Okafor", guess));
        }
        try (var pool = Executors.newFixedThreadPool(8)) {
            long failures = 0;
            for (Future<Verification> outcome : pool.invokeAll(guesses)) {
                if (outcome.get() instanceof Verification.NoMatch) {
                    failures++;
                }
            }
            assertThat(failures, is(2L));
        }
        assertThat(caller.isLockedOut(), is(true));
        assertThat(claim("Ruth Okafor", BORN), equalTo(new Verification.LockedOut()));
    }

    @Test
    void theNamesCallersGaveAreKnownSoTranscriptsCanHideThem() {
        claim("Ruthie Okafor-Baptiste", BORN.plusDays(3));
        claim("Ruth Okafor", BORN);

        assertThat(List.copyOf(caller.namesHeard()), equalTo(List.of("ruthie", "okafor", "baptiste", "ruth")));
    }
}
