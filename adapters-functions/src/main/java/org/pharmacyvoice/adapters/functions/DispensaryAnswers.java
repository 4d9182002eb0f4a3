package org.pharmacyvoice.adapters.functions;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.pharmacyvoice.domain.patient.Verification;
import org.pharmacyvoice.domain.prescription.Prescription;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillOutcome;
import org.pharmacyvoice.domain.prescription.RefillSight;
import org.pharmacyvoice.domain.tool.ToolResult;

/**
 * Turns the dispensary's outcomes into answers the agent can speak: an {@code outcome} code (the only part the call
 * record keeps), the facts for a verified caller, and what to say or ask next. Times are in the pharmacy's zone,
 * written the way people say them ("Tuesday, June 16 at 10:30 AM").
 */
final class DispensaryAnswers {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.US);
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("EEEE, MMMM d 'at' h:mm a",
            Locale.US);

    private final ZoneId zone;

    DispensaryAnswers(ZoneId zone) {
        this.zone = zone;
    }

    ToolResult verification(Verification verification) {
        return switch (verification) {
            case Verification.Verified verified -> ToolResult.success(
                    "outcome", "verified",
                    "first_name", verified.patient().firstName(),
                    "next_step", "Thank the caller by first name. You may now help with their prescriptions, "
                            + "refills and orders, and only theirs.");
            case Verification.NeedsTieBreaker tie -> ToolResult.success(
                    "outcome", "needs_rx_or_phone",
                    "attempts_left", (long) tie.attemptsLeft(),
                    "next_step", "More than one patient has that name and date of birth. Ask for the Rx number on "
                            + "one of their labels, or the phone number on file, and call verify_caller again with "
                            + "it and the same name and date of birth.");
            case Verification.NeedsName needsName -> ToolResult.success(
                    "outcome", "needs_name",
                    "attempts_left", (long) needsName.attemptsLeft(),
                    "next_step", "Ask the caller for their full name and call verify_caller again with it and the "
                            + "date of birth.");
            case Verification.NoMatch noMatch -> ToolResult.success(
                    "outcome", "no_match",
                    "attempts_left", (long) noMatch.attemptsLeft(),
                    "next_step", "Say the details don't match our records, without saying which. Ask the caller to "
                            + "check their name and date of birth and try again (" + noMatch.attemptsLeft()
                            + " more " + (noMatch.attemptsLeft() == 1 ? "try" : "tries") + ").");
            case Verification.LockedOut locked -> ToolResult.success(
                    "outcome", "locked",
                    "attempts_left", 0L,
                    "next_step", "Verification is locked for the rest of this call. Don't ask again and don't "
                            + "discuss any prescription or order. Offer to have a pharmacist call back, or to speak "
                            + "with one at the counter.");
            case Verification.OtherPatientAlready other -> ToolResult.success(
                    "outcome", "other_patient_already",
                    "next_step", "This call is already verified for another patient; one call serves one patient. "
                            + "Ask the caller to call again for the other person.");
        };
    }

    ToolResult refill(RefillOutcome outcome) {
        return switch (outcome) {
            case RefillOutcome.Queued queued -> refillFacts("queued", queued.refill(), queued.prescription(),
                    "Tell the caller the refill is requested and when it will be ready to pick up.");
            case RefillOutcome.AlreadyQueued already -> refillFacts("already_queued", already.refill(),
                    already.prescription(), "Tell the caller a refill of this prescription is already "
                            + already.refill().status().spoken() + "; nothing new was requested.");
            case RefillOutcome.TooSoon tooSoon -> withPrescription("too_soon", tooSoon.prescription(),
                    "earliest_date", day(tooSoon.earliest()),
                    "next_step", "Tell the caller it is too soon to refill and that it can be filled from "
                            + day(tooSoon.earliest()) + ". Offer to note a question for the pharmacist if it is "
                            + "urgent.");
            case RefillOutcome.NeedsNewPrescription needsNew -> withPrescription("needs_new_prescription",
                    needsNew.prescription(),
                    "next_step", "This is a Schedule II controlled substance: the law allows no refills, each fill "
                            + "needs a new prescription from the prescriber. Offer to have a pharmacist call back.");
            case RefillOutcome.RenewalRequested renewal -> withPrescription("renewal_requested",
                    renewal.prescription(),
                    "reason", renewal.request().reason().code(),
                    "prescriber", renewal.request().prescriber(),
                    "next_step", "Tell the caller it can't be refilled because " + renewal.request().reason().spoken()
                            + ", and that we have asked " + renewal.request().prescriber() + " for a new "
                            + "prescription; we will call when it arrives.");
            case RefillOutcome.Inactive inactive -> withPrescription("inactive", inactive.prescription(),
                    "prescription_status", inactive.prescription().status().code(),
                    "next_step", "Tell the caller this prescription is " + inactive.prescription().status().code()
                            + " and is not refilled here; offer to have a pharmacist call back.");
            case RefillOutcome.NotOnFile missing -> notOnFile();
            case RefillOutcome.NotVerified notVerified -> notVerified(notVerified.lockedOut());
        };
    }

    ToolResult refillStatus(RefillSight sight) {
        return switch (sight) {
            case RefillSight.Found found -> {
                var facts = prescriptionFacts(found.prescription());
                facts.put("outcome", "found");
                facts.put("refills_left", (long) found.refillsLeft());
                facts.put("latest_refill", found.latestRefill().<Object>map(refill -> Map.of(
                        "refill_id", refill.id(),
                        "status", refill.status().code(),
                        "requested", dayAndTime(refill.requestedAt()),
                        "ready_by", dayAndTime(refill.readyBy()))).orElse("none"));
                facts.put("renewal_requested_from_prescriber", found.openRenewal().isPresent());
                yield new ToolResult.Success(facts);
            }
            case RefillSight.NotOnFile missing -> notOnFile();
            case RefillSight.NotVerified notVerified -> notVerified(notVerified.lockedOut());
        };
    }

    static ToolResult.Failure notOnFile() {
        return ToolResult.failure("No prescription with that Rx number is on file for this patient.",
                "Read the number back digit by digit and ask the caller to check it against the label; they may "
                        + "also type it on the keypad followed by the pound key.");
    }

    static ToolResult.Failure notVerified(boolean lockedOut) {
        if (lockedOut) {
            return ToolResult.failure("Verification is locked for this call, so no patient information can be "
                            + "given or changed.",
                    "Don't discuss any prescription or order. Offer to have a pharmacist call back, or to speak "
                            + "with one at the counter.");
        }
        return ToolResult.failure("The caller has not been verified, so no patient information can be given or "
                        + "changed yet.",
                "Ask for the patient's full name and date of birth (on a call the pharmacy placed, the date of birth "
                        + "alone) and call verify_caller first.");
    }

    private ToolResult refillFacts(String outcome, Refill refill, Prescription prescription, String nextStep) {
        var facts = prescriptionFacts(prescription);
        facts.put("outcome", outcome);
        facts.put("refill_id", refill.id());
        facts.put("refill_status", refill.status().code());
        facts.put("ready_by", dayAndTime(refill.readyBy()));
        facts.put("next_step", nextStep);
        return new ToolResult.Success(facts);
    }

    private static ToolResult withPrescription(String outcome, Prescription prescription, Object... more) {
        var facts = prescriptionFacts(prescription);
        facts.put("outcome", outcome);
        for (int i = 0; i < more.length; i += 2) {
            facts.put((String) more[i], more[i + 1]);
        }
        return new ToolResult.Success(facts);
    }

    static LinkedHashMap<String, Object> prescriptionFacts(Prescription prescription) {
        var facts = new LinkedHashMap<String, Object>();
        facts.put("rx_number", prescription.rxNumber());
        facts.put("drug", prescription.drugName());
        facts.put("strength", prescription.strength());
        facts.put("directions", prescription.directions());
        return facts;
    }

    String day(LocalDate date) {
        return DAY.format(date);
    }

    String dayAndTime(Instant instant) {
        return DAY_AND_TIME.format(instant.atZone(zone));
    }
}
