package org.pharmacyvoice.domain.prescription;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** When a prescription may be refilled: the law for each schedule, and the pharmacy's own settings. */
class RefillRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    private final RefillRules rules = RefillRules.standard();

    private static Prescription rx(Schedule schedule, LocalDate written, int authorized, int remaining,
                                   int daysSupply, LocalDate lastFilled) {
        return new Prescription("1000001", 7, 1, "drug", "10 mg", "daily", "Dr. Ruiz", written, authorized, remaining,
                daysSupply, Optional.ofNullable(lastFilled), schedule, PrescriptionStatus.ACTIVE);
    }

    @Test
    void scheduleTwoIsNeverRefilledWhateverItSays() {
        var prescription = rx(Schedule.II, TODAY.minusDays(10), 3, 3, 30, null);

        assertThat(rules.verdict(prescription, TODAY), equalTo(new RefillVerdict.NeedsNewPrescription()));
        assertThat(rules.refillsLeft(prescription), is(0));
    }

    @ParameterizedTest
    @EnumSource(value = Schedule.class, names = {"III", "IV"})
    void schedulesThreeAndFourExpireSixMonthsAfterTheyWereWritten(Schedule schedule) {
        var lastDay = rx(schedule, TODAY.minusMonths(6).plusDays(1), 5, 5, 30, null);
        var dayAfter = rx(schedule, TODAY.minusMonths(6), 5, 5, 30, null);

        assertThat(rules.verdict(lastDay, TODAY), equalTo(new RefillVerdict.Allowed()));
        assertThat(rules.verdict(dayAfter, TODAY), equalTo(new RefillVerdict.NeedsRenewal(RenewalReason.EXPIRED)));
    }

    @ParameterizedTest
    @EnumSource(value = Schedule.class, names = {"III", "IV"})
    void schedulesThreeAndFourAllowFiveRefillsAtMostEvenIfThePrescriberWroteMore(Schedule schedule) {
        var fiveUsedOfEleven = rx(schedule, TODAY.minusMonths(1), 11, 6, 5, TODAY.minusDays(20));
        var fourUsedOfEleven = rx(schedule, TODAY.minusMonths(1), 11, 7, 5, TODAY.minusDays(20));

        assertThat(rules.refillsLeft(fiveUsedOfEleven), is(0));
        assertThat(rules.verdict(fiveUsedOfEleven, TODAY),
                equalTo(new RefillVerdict.NeedsRenewal(RenewalReason.NO_REFILLS_LEFT)));
        assertThat(rules.refillsLeft(fourUsedOfEleven), is(1));
        assertThat(rules.verdict(fourUsedOfEleven, TODAY), equalTo(new RefillVerdict.Allowed()));
    }

    @Test
    void scheduleFiveFollowsThePrescriberAndTheYearOfValidity() {
        var eightLeft = rx(Schedule.V, TODAY.minusMonths(8), 10, 8, 30, TODAY.minusDays(30));

        assertThat(rules.refillsLeft(eightLeft), is(8));
        assertThat(rules.verdict(eightLeft, TODAY), equalTo(new RefillVerdict.Allowed()));
    }

    @Test
    void otherPrescriptionsExpireAfterTheConfiguredValidity() {
        var thirteenMonths = rx(Schedule.NONE, TODAY.minusMonths(13), 5, 3, 30, TODAY.minusDays(40));
        var strictState = new RefillRules(Period.ofMonths(6), 0.75);
        var sevenMonths = rx(Schedule.NONE, TODAY.minusMonths(7), 5, 3, 30, TODAY.minusDays(40));

        assertThat(rules.verdict(thirteenMonths, TODAY),
                equalTo(new RefillVerdict.NeedsRenewal(RenewalReason.EXPIRED)));
        assertThat(rules.verdict(sevenMonths, TODAY), equalTo(new RefillVerdict.Allowed()));
        assertThat(strictState.verdict(sevenMonths, TODAY),
                equalTo(new RefillVerdict.NeedsRenewal(RenewalReason.EXPIRED)));
    }

    @Test
    void noRefillsLeftAsksForARenewal() {
        var none = rx(Schedule.NONE, TODAY.minusMonths(2), 2, 0, 30, TODAY.minusDays(40));

        assertThat(rules.verdict(none, TODAY), equalTo(new RefillVerdict.NeedsRenewal(RenewalReason.NO_REFILLS_LEFT)));
    }

    @Test
    void tooSoonUntilTheShareOfTheDaysSupplyHasPassed() {
        // 75 % of 30 days = 22.5, rounded up: the 23rd day after the last fill.
        var filled = rx(Schedule.NONE, TODAY.minusMonths(2), 5, 4, 30, TODAY.minusDays(22));
        var aDayLater = rx(Schedule.NONE, TODAY.minusMonths(2), 5, 4, 30, TODAY.minusDays(23));

        assertThat(rules.verdict(filled, TODAY), equalTo(new RefillVerdict.TooSoon(TODAY.plusDays(1))));
        assertThat(rules.verdict(aDayLater, TODAY), equalTo(new RefillVerdict.Allowed()));
        assertThat(new RefillRules(Period.ofYears(1), 0.5).verdict(filled, TODAY),
                equalTo(new RefillVerdict.Allowed()));
    }

    @Test
    void neverFilledIsNeverTooSoon() {
        assertThat(rules.verdict(rx(Schedule.IV, TODAY.minusDays(1), 2, 2, 30, null), TODAY),
                equalTo(new RefillVerdict.Allowed()));
    }

    @Test
    void discontinuedAndTransferredAreNotRefilledHere() {
        var p = rx(Schedule.NONE, TODAY.minusMonths(1), 5, 5, 30, null);
        var discontinued = new Prescription(p.rxNumber(), p.patientId(), p.drugId(), p.drugName(), p.strength(),
                p.directions(), p.prescriber(), p.writtenOn(), 5, 5, 30, Optional.empty(), Schedule.NONE,
                PrescriptionStatus.DISCONTINUED);

        assertThat(rules.verdict(discontinued, TODAY),
                equalTo(new RefillVerdict.Inactive(PrescriptionStatus.DISCONTINUED)));
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RefillRules(Period.ZERO, 0.75));
        assertThrows(IllegalArgumentException.class, () -> new RefillRules(Period.ofYears(1), 1.5));
        assertThrows(IllegalArgumentException.class, () -> new RefillRules(Period.ofYears(1), Double.NaN));
    }
}
