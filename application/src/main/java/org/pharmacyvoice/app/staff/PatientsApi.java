package org.pharmacyvoice.app.staff;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Objects;
import org.pharmacyvoice.app.http.JsonReplies;
import org.pharmacyvoice.app.http.RejectedRequest;
import org.pharmacyvoice.app.http.RequestReading;
import org.pharmacyvoice.domain.dispensary.port.in.FindPatientsUseCase;
import org.pharmacyvoice.domain.patient.Patient;

/**
 * {@code /api/patients}: staff find a patient by name or phone and open their file with its prescriptions. Names,
 * dates of birth and phone numbers are patient data: nothing here logs them.
 */
final class PatientsApi {

    static final int DEFAULT_LIMIT = 50;
    /** The dispensary's own cap on one look (a page for a person, not an export); a test holds the two together. */
    static final int MAX_LIMIT = 200;
    private static final int MAX_NAME_LENGTH = 100;
    /** E.164 allows 15 digits; the separators people type are ignored. */
    private static final String PHONE = "\\+?[0-9 ().\\-]{1,40}";
    private static final int MAX_PHONE_DIGITS = 15;

    private final FindPatientsUseCase patients;

    PatientsApi(FindPatientsUseCase patients) {
        this.patients = Objects.requireNonNull(patients, "'patients' must not be null");
    }

    /** Adds the routes; other methods get a JSON 405, other paths below {@code /api/patients/} a JSON 404. */
    void addRoutes(HttpRouting.Builder http) {
        http.get("/api/patients", JsonReplies.guarded(this::search));
        http.get("/api/patients/{id}", JsonReplies.guarded(this::show));
        http.any("/api/patients", JsonReplies.methodNotAllowed("GET"));
        http.any("/api/patients/{id}", JsonReplies.methodNotAllowed("GET"));
        http.any("/api/patients/*", JsonReplies.noSuchResource(StaffJson.DISPENSARY_RESOURCES));
    }

    private void search(ServerRequest request, ServerResponse response) {
        UriQuery query = request.query();
        RequestReading.onlyParameters(query, "name", "phone", "limit");
        String name = RequestReading.parameter(query, "name").orElse("");
        if (name.length() > MAX_NAME_LENGTH) {
            throw RejectedRequest.badRequest("invalid_parameter",
                    "'name' must be at most " + MAX_NAME_LENGTH + " characters.");
        }
        String phone = RequestReading.parameter(query, "phone").orElse("");
        long digits = phone.chars().filter(Character::isDigit).count();
        if (!phone.isEmpty() && (!phone.matches(PHONE) || digits == 0 || digits > MAX_PHONE_DIGITS)) {
            // Not echoed back: it may be a patient's number, and answers can end up in logs and screenshots.
            throw RejectedRequest.badRequest("invalid_parameter", "'phone' must be 1 to " + MAX_PHONE_DIGITS
                    + " digits of a phone number (spaces, dashes, dots, parentheses and a leading + are ignored).");
        }
        int limit = RequestReading.intParameter(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        JsonReplies.send(response, Status.OK_200, StaffJson.patients(patients.findPatients(name, phone, limit), limit));
    }

    private void show(ServerRequest request, ServerResponse response) {
        long id = RequestReading.pathId(request, "id", "Patient");
        Patient patient = patients.patient(id)
                .orElseThrow(() -> RejectedRequest.notFound("No patient with id " + id + "."));
        JsonReplies.send(response, Status.OK_200, StaffJson.patientFile(patient, patients.prescriptionsOf(id)));
    }
}
