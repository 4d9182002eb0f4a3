package org.pharmacyvoice.domain.prescription;

import java.time.LocalDate;
import java.time.Period;
import java.util.Objects;

/**
 * When a prescription may be refilled. The law: Schedule II never (21 CFR 1306.12(a)); Schedules III and IV at most
 * five refills within six months of the date written (21 CFR 1306.22). The pharmacy's settings: how long other
 * prescriptions stay valid ({@code validity}, state law, one year by default) and how much of the last fill's days'
 * supply must have passed before the next ({@code tooSoonShare}, what insurers pay for, 75 % by default).
 */
public record RefillRules(Period validity, double tooSoonShare) {

    /** Schedules III and IV: refills allowed within this time of the date written. */
    public static final Period CONTROLLED_VALIDITY = Period.ofMonths(6);
    /** Schedules III and IV: refills allowed in all, whatever the prescriber wrote. */
    public static final int CONTROLLED_MAX_REFILLS = 5;

    public RefillRules {
        Objects.requireNonNull(validity, "'validity' must not be null");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("a prescription must stay valid for some time: " + validity);
        }
        if (!(tooSoonShare >= 0 && tooSoonShare <= 1)) {
            throw new IllegalArgumentException("the share of the days' supply is between 0 and 1: " + tooSoonShare);
        }
    }

    public static RefillRules standard() {
        return new RefillRules(Period.ofYears(1), 0.75);
    }

    /** The verdict for refilling {@code prescription} on {@code today} (the pharmacy's date). */
    public RefillVerdict verdict(Prescription prescription, LocalDate today) {
        if (prescription.status() != PrescriptionStatus.ACTIVE) {
            return new RefillVerdict.Inactive(prescription.status());
        }
        if (prescription.schedule() == Schedule.II) {
            return new RefillVerdict.NeedsNewPrescription();
        }
        if (!today.isBefore(expiresOn(prescription))) {
            return new RefillVerdict.NeedsRenewal(RenewalReason.EXPIRED);
        }
        if (refillsLeft(prescription) == 0) {
            return new RefillVerdict.NeedsRenewal(RenewalReason.NO_REFILLS_LEFT);
        }
        LocalDate earliest = earliestRefill(prescription);
        if (today.isBefore(earliest)) {
            return new RefillVerdict.TooSoon(earliest);
        }
        return new RefillVerdict.Allowed();
    }

    /** The first day the prescription can no longer be filled. */
    public LocalDate expiresOn(Prescription prescription) {
        return prescription.writtenOn().plus(isFiveInSix(prescription.schedule()) ? CONTROLLED_VALIDITY : validity);
    }

    /** Refills that may still be filled: what the prescriber authorised, within the legal cap for III and IV. */
    public int refillsLeft(Prescription prescription) {
        if (prescription.schedule() == Schedule.II) {
            return 0;
        }
        if (isFiveInSix(prescription.schedule())) {
            return Math.max(0, Math.min(prescription.refillsRemaining(),
                    CONTROLLED_MAX_REFILLS - prescription.refillsUsed()));
        }
        return prescription.refillsRemaining();
    }

    /** The first day after the last fill that the share of its days' supply has passed; any day if never filled. */
    public LocalDate earliestRefill(Prescription prescription) {
        return prescription.lastFilledOn()
                .map(last -> last.plusDays((long) Math.ceil(prescription.daysSupply() * tooSoonShare)))
                .orElse(LocalDate.MIN);
    }

    private static boolean isFiveInSix(Schedule schedule) {
        return schedule == Schedule.III || schedule == Schedule.IV;
    }
}
