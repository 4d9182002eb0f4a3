package org.pharmacyvoice.app.staff;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.pharmacyvoice.app.http.JsonReplies;
import org.pharmacyvoice.domain.notification.CallOutcome;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.OptOut;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.prescription.Prescription;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RenewalRequest;
import org.pharmacyvoice.domain.telephony.Callback;
import org.pharmacyvoice.domain.telephony.PhoneNumbers;

/**
 * Drugs, orders, patients, prescriptions, refills, renewal requests, callbacks, the outbound queue and the opt-out list
 * as the staff API shows them: snake_case fields (as the agent's tools use), prices as exact decimal numbers, times as
 * ISO-8601 UTC, dates as ISO-8601 days. Lists of the pharmacy's calls show numbers masked, as the call list does.
 *
 * <p>Built with JSON-P rather than bound with JSON-B, though Yasson is on the class path: JSON-B writes fields in
 * alphabetical order and leaves nulls out (YassonBindingTest), and the API's bytes are neither. Binding them anyway
 * takes a reply record per shape with its field order listed again ({@code @JsonbPropertyOrder}), its nullable fields
 * marked ({@code @JsonbNillable}) and a mapping from the domain record: tried on the orders, the 22 lines here
 * became 39 in a reply record before the glue to send it, each field named three times instead of once, for the same
 * bytes.
 */
final class StaffJson {

    /** What the drugs and orders APIs serve, for the 404 of a path below them that names nothing. */
    static final String RESOURCES = "/api/drugs, /api/drugs/{id}, /api/orders and /api/orders/{id}";
    /** The same for the patient, refill and renewal-request APIs. */
    static final String DISPENSARY_RESOURCES = "/api/patients, /api/patients/{id}, /api/refills, /api/refills/{id}, "
            + "/api/renewal-requests and /api/renewal-requests/{id}";
    /** The same for the callbacks API. */
    static final String CALLBACK_RESOURCES = "/api/callbacks and /api/callbacks/{id}";
    /** The same for the outbound queue and the opt-out list. */
    static final String OUTBOUND_RESOURCES = "/api/outbound, /api/outbound/{id}/cancel, /api/outbound/{id}/requeue "
            + "and /api/opt-outs";
    /** The same for the call records. */
    static final String CALL_RESOURCES = "/api/calls and /api/calls/{sid}";

    private StaffJson() {
    }

    static JsonObject drugs(List<Drug> drugs) {
        JsonArrayBuilder array = JsonReplies.JSON.createArrayBuilder();
        drugs.forEach(drug -> array.add(drug(drug)));
        return JsonReplies.JSON.createObjectBuilder().add("drugs", array).add("count", drugs.size()).build();
    }

    static JsonObject drug(Drug drug) {
        JsonArrayBuilder brands = JsonReplies.JSON.createArrayBuilder();
        drug.brandNames().forEach(brands::add);
        return JsonReplies.JSON.createObjectBuilder()
                .add("id", drug.id())
                .add("generic_name", drug.genericName())
                .add("brand_names", brands)
                .add("strength", drug.strength())
                .add("form", drug.form())
                .add("pack_size", drug.packSize())
                .add("price", drug.price())
                .add("stock_on_hand", drug.stockOnHand())
                .add("prescription_required", drug.prescriptionRequired())
                .add("common_uses", drug.commonUses())
                .add("key_warnings", drug.keyWarnings())
                .build();
    }

    static JsonObject orders(List<Order> orders, int limit) {
        JsonArrayBuilder array = JsonReplies.JSON.createArrayBuilder();
        orders.forEach(order -> array.add(order(order)));
        return JsonReplies.JSON.createObjectBuilder().add("orders", array).add("count", orders.size()).add("limit", limit).build();
    }

    static JsonObject order(Order order) {
        JsonObjectBuilder json = JsonReplies.JSON.createObjectBuilder()
                .add("id", order.id())
                .add("customer_name", order.customerName());
        order.callerPhone().ifPresentOrElse(phone -> json.add("caller_phone", phone),
                () -> json.addNull("caller_phone"));
        return json.add("drug_id", order.drugId())
                .add("drug", order.drugName())
                .add("quantity", order.quantity())
                .add("unit_price", order.unitPrice())
                .add("total_price", order.totalPrice())
                .add("status", order.status().code())
                .add("note", order.note())
                .add("created_at", order.createdAt().truncatedTo(ChronoUnit.SECONDS).toString())
                .add("updated_at", order.updatedAt().truncatedTo(ChronoUnit.SECONDS).toString())
                .build();
    }

    static JsonObject patients(List<Patient> patients, int limit) {
        JsonArrayBuilder array = JsonReplies.JSON.createArrayBuilder();
        patients.forEach(patient -> array.add(patient(patient)));
        return JsonReplies.JSON.createObjectBuilder().add("patients", array).add("count", patients.size())
                .add("limit", limit).build();
    }

    static JsonObjectBuilder patient(Patient patient) {
        JsonArrayBuilder phones = JsonReplies.JSON.createArrayBuilder();
        patient.phoneNumbers().forEach(phones::add);
        return JsonReplies.JSON.createObjectBuilder()
                .add("id", patient.id())
                .add("first_name", patient.firstName())
                .add("last_name", patient.lastName())
                .add("date_of_birth", patient.dateOfBirth().toString())
                .add("phone_numbers", phones);
    }

    /** The patient's file: who they are and their prescriptions, newest written first. */
    static JsonObject patientFile(Patient patient, List<Prescription> prescriptions) {
        JsonArrayBuilder array = JsonReplies.JSON.createArrayBuilder();
        prescriptions.forEach(prescription -> array.add(prescription(prescription)));
        return patient(patient).add("prescriptions", array).build();
    }

    static JsonObject prescription(Prescription prescription) {
        JsonObjectBuilder json = JsonReplies.JSON.createObjectBuilder()
                .add("rx_number", prescription.rxNumber())
                .add("drug", prescription.drugName())
                .add("strength", prescription.strength())
                .add("directions", prescription.directions())
                .add("prescriber", prescription.prescriber())
                .add("written_on", prescription.writtenOn().toString())
                .add("refills_authorized", prescription.refillsAuthorized())
                .add("refills_remaining", prescription.refillsRemaining())
                .add("days_supply", prescription.daysSupply());
        prescription.lastFilledOn().ifPresentOrElse(date -> json.add("last_filled_on", date.toString()),
                () -> json.addNull("last_filled_on"));
        return json.add("schedule", prescription.schedule().code())
                .add("status", prescription.status().code())
                .build();
    }

    static JsonObject refills(List<Refill> refills, int limit) {
        JsonArrayBuilder array = JsonReplies.JSON.createArrayBuilder();
        refills.forEach(refill -> array.add(refill(refill)));
        return JsonReplies.JSON.createObjectBuilder().add("refills", array).add("count", refills.size())
                .add("limit", limit).build();
    }

    static JsonObject refill(Refill refill) {
        return JsonReplies.JSON.createObjectBuilder()
                .add("id", refill.id())
                .add("rx_number", refill.rxNumber())
                .add("patient_id", refill.patientId())
                .add("status", refill.status().code())
                .add("requested_at", refill.requestedAt().truncatedTo(ChronoUnit.SECONDS).toString())
                .add("ready_by", refill.readyBy().truncatedTo(ChronoUnit.SECONDS).toString())
                .add("updated_at", refill.updatedAt().truncatedTo(ChronoUnit.SECONDS).toString())
                .build();
    }

    static JsonObject renewalRequests(List<RenewalRequest> requests, int limit) {
        JsonArrayBuilder array = JsonReplies.JSON.createArrayBuilder();
        requests.forEach(request -> array.add(renewalRequest(request)));
        return JsonReplies.JSON.createObjectBuilder().add("renewal_requests", array).add("count", requests.size())
                .add("limit", limit).build();
    }

    static JsonObject renewalRequest(RenewalRequest request) {
        return JsonReplies.JSON.createObjectBuilder()
                .add("id", request.id())
                .add("rx_number", request.rxNumber())
                .add("patient_id", request.patientId())
                .add("prescriber", request.prescriber())
                .add("reason", request.reason().code())
                .add("requested_at", request.requestedAt().truncatedTo(ChronoUnit.SECONDS).toString())
                .add("open", request.open())
                .build();
    }

    static JsonObject callbacks(List<Callback> callbacks, int limit) {
        JsonArrayBuilder array = JsonReplies.JSON.createArrayBuilder();
        callbacks.forEach(callback -> array.add(callback(callback)));
        return JsonReplies.JSON.createObjectBuilder().add("callbacks", array).add("count", callbacks.size())
                .add("limit", limit).build();
    }

    static JsonObject callback(Callback callback) {
        JsonObjectBuilder json = JsonReplies.JSON.createObjectBuilder()
                .add("id", callback.id())
                .add("call_sid", callback.callSid())
                .add("caller_number", callback.callerNumber())
                .add("summary", callback.summary())
                .add("reason", callback.reason().code());
        callback.recordingUrl().ifPresentOrElse(url -> json.add("recording_url", url),
                () -> json.addNull("recording_url"));
        return json.add("recording_seconds", callback.recordingSeconds())
                .add("requested_at", callback.requestedAt().truncatedTo(ChronoUnit.SECONDS).toString())
                .add("open", callback.open())
                .build();
    }

    /** The outbound queue; {@code enabled} says whether this server places its calls (OUTBOUND_CALLS). */
    static JsonObject notifications(List<Notification> notifications, int limit, boolean enabled) {
        JsonArrayBuilder array = JsonReplies.JSON.createArrayBuilder();
        notifications.forEach(notification -> array.add(notification(notification)));
        return JsonReplies.JSON.createObjectBuilder().add("notifications", array).add("count", notifications.size())
                .add("limit", limit).add("calls_enabled", enabled).build();
    }

    static JsonObject notification(Notification notification) {
        JsonObjectBuilder json = JsonReplies.JSON.createObjectBuilder()
                .add("id", notification.id())
                .add("kind", notification.kind().code())
                .add("subject", notification.subject().key());
        notification.patientId().ifPresentOrElse(id -> json.add("patient_id", id), () -> json.addNull("patient_id"));
        json.add("phone", PhoneNumbers.mask(notification.phoneNumber()))
                .add("state", notification.state().code())
                .add("attempts", notification.attempts())
                .add("next_attempt_at", notification.nextAttemptAt().truncatedTo(ChronoUnit.SECONDS).toString());
        notification.lastOutcome().map(CallOutcome::code).ifPresentOrElse(code -> json.add("last_outcome", code),
                () -> json.addNull("last_outcome"));
        return json.add("created_at", notification.createdAt().truncatedTo(ChronoUnit.SECONDS).toString())
                .add("updated_at", notification.updatedAt().truncatedTo(ChronoUnit.SECONDS).toString())
                .build();
    }

    static JsonObject optOuts(List<OptOut> optOuts, int limit) {
        JsonArrayBuilder array = JsonReplies.JSON.createArrayBuilder();
        optOuts.forEach(optOut -> array.add(JsonReplies.JSON.createObjectBuilder()
                .add("phone", PhoneNumbers.mask(optOut.phoneNumber()))
                .add("source", optOut.source())
                .add("opted_out_at", optOut.at().truncatedTo(ChronoUnit.SECONDS).toString())));
        return JsonReplies.JSON.createObjectBuilder().add("opt_outs", array).add("count", optOuts.size())
                .add("limit", limit).build();
    }

    /**
     * One listing as staff just made it: the number in full, as they typed it but in E.164, and masked as every list
     * shows it, for a screen to say back without unmasking it.
     */
    static JsonObject optOut(OptOut optOut, boolean listedNow) {
        return JsonReplies.JSON.createObjectBuilder()
                .add("number", optOut.phoneNumber())
                .add("phone", PhoneNumbers.mask(optOut.phoneNumber()))
                .add("source", optOut.source())
                .add("opted_out_at", optOut.at().truncatedTo(ChronoUnit.SECONDS).toString())
                .add("listed_now", listedNow)
                .build();
    }
}
