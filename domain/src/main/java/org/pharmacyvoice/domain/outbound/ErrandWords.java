package org.pharmacyvoice.domain.outbound;

import java.time.LocalDate;
import java.util.Optional;
import org.pharmacyvoice.domain.notification.NotificationKind;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.SpokenHours;
import org.pharmacyvoice.domain.prescription.Prescription;

/**
 * What the pharmacy's own calls say, in one place so that none of it can drift into health information where the
 * law forbids it: the greeting, the voicemail and the words for a call no agent can take name the pharmacy, the
 * patient's first name and the callback number only (AHRQ's refill-reminder script does the same); the drug is named
 * only in {@link #message}, which the agent gets from a tool once the patient is verified.
 */
final class ErrandWords {

    private final String pharmacy;
    private final String callback;

    ErrandWords(OutboundSettings settings) {
        this.pharmacy = settings.pharmacyName();
        this.callback = spoken(settings.callbackNumber());
    }

    /** The agent's first words when a person (or a machine, before detection decides) picks up. */
    String greeting(Optional<String> firstName) {
        return "Hello, this is " + pharmacy + " calling"
                + firstName.map(name -> " for " + name + ". Is " + name + " available?")
                        .orElse(" with a message about an order placed from this number.")
                + " To stop these calls, press 9 at any time.";
    }

    /** Added to the pharmacy's prompt for the call: who the agent calls, why in general, and what it may say when. */
    String instructions(NotificationKind kind, Optional<String> firstName) {
        String reason = kind == NotificationKind.READY_FOR_PICKUP
                ? "something is ready to pick up" : "a prescription is about to run out";
        String who = firstName.map(name -> "the patient " + name).orElse("the person who placed an order from "
                + "this number");
        String verify = firstName.isPresent()
                ? "Before you say anything about why you are calling, ask the person to confirm their date of birth "
                        + "and call verify_caller with it (the name is not needed on this call). Only once it answers "
                        + "verified, call read_message and tell them the message. If they are not the patient, or "
                        + "verification fails, say only that the pharmacy has a message for " + firstName.get()
                        + " and ask them to call back at " + callback + "."
                : "Call read_message and tell them the message; it names no medicine.";
        return "This is a call the pharmacy placed, not a caller who rang in. You are calling " + who + " on behalf of "
                + pharmacy + " because " + reason + ". " + verify + " Then offer to request a refill, to transfer them "
                + "to a pharmacist, or to stop these calls (call stop_calls if they ask for no more calls). If "
                + "you reach a voicemail greeting, say nothing more about the reason. Keep the call short, and end it "
                + "with the pharmacy's number to call back: " + callback + ".";
    }

    /** The voicemail after the beep, and what a person hears when no agent can take the call: no health information. */
    String voicemail(Optional<String> firstName) {
        return "Hello, this is " + pharmacy + " with a message for " + firstName.orElse("you") + ". Please call us "
                + "back at " + callback + ". Again, that is " + callback + ". Thank you, goodbye.";
    }

    String readyRefill(Prescription rx) {
        return "The refill of " + medicine(rx) + " (prescription number " + rx.rxNumber() + ") is ready to pick up at "
                + pharmacy + ".";
    }

    String readyOrder(Order order, boolean verified) {
        return verified
                ? "Order number " + order.id() + ", " + order.quantity() + " of " + order.drugName()
                        + ", is ready to pick up at " + pharmacy + "."
                : "Order number " + order.id() + ", placed from this number, is ready to pick up at " + pharmacy + ".";
    }

    String runningOut(Prescription rx, LocalDate runsOut) {
        return "The prescription for " + medicine(rx) + " (prescription number " + rx.rxNumber() + ") runs out around "
                + SpokenHours.date(runsOut) + ", and it has " + rx.refillsRemaining() + " refill"
                + (rx.refillsRemaining() == 1 ? "" : "s") + " left. The patient can ask for a refill now on this call.";
    }

    private static String medicine(Prescription rx) {
        return rx.strength().isBlank() ? rx.drugName() : rx.drugName() + " " + rx.strength();
    }

    /** A number the way a voice reads it back: digit by digit, in groups (+15551230000: 5 5 5, 1 2 3, 0 0 0 0). */
    static String spoken(String e164) {
        String digits = e164.replaceAll("[^0-9]", "");
        if (digits.length() == 11 && digits.startsWith("1")) {
            digits = digits.substring(1);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            boolean groupStart = i > 0 && (i == 3 || i == 6 || (digits.length() > 10 && i % 3 == 0 && i > 6));
            if (i > 0) {
                out.append(groupStart ? ", " : " ");
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }
}
