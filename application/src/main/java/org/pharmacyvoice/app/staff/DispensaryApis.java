package org.pharmacyvoice.app.staff;

import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import java.util.Objects;
import org.pharmacyvoice.app.http.JsonReplies;
import org.pharmacyvoice.domain.dispensary.port.in.FindPatientsUseCase;
import org.pharmacyvoice.domain.dispensary.port.in.RefillQueueUseCase;
import org.pharmacyvoice.domain.dispensary.port.in.RenewalRequestsUseCase;

/**
 * The staff's side of the dispensary over HTTP: {@code /api/patients}, {@code /api/refills} and
 * {@code /api/renewal-requests}. A server without a dispensary still claims those paths, with a 503 that says so,
 * rather than a 404 that would look like a typo.
 */
public final class DispensaryApis {

    private static final String[] PATHS = {"/api/patients", "/api/patients/*", "/api/refills", "/api/refills/*",
        "/api/renewal-requests", "/api/renewal-requests/*"};

    private final PatientsApi patients;
    private final RefillsApi refills;
    private final RenewalRequestsApi renewals;

    public DispensaryApis(FindPatientsUseCase patients, RefillQueueUseCase refills, RenewalRequestsUseCase renewals) {
        this.patients = new PatientsApi(Objects.requireNonNull(patients, "'patients' must not be null"));
        this.refills = new RefillsApi(Objects.requireNonNull(refills, "'refills' must not be null"));
        this.renewals = new RenewalRequestsApi(Objects.requireNonNull(renewals, "'renewals' must not be null"));
    }

    /** Adds the three APIs' routes. */
    public void addRoutes(HttpRouting.Builder http) {
        patients.addRoutes(http);
        refills.addRoutes(http);
        renewals.addRoutes(http);
    }

    /** For a server with no dispensary: every one of those paths answers a JSON 503 saying why. */
    public static void addUnavailableRoutes(HttpRouting.Builder http) {
        Handler unavailable = (request, response) -> JsonReplies.send(response, Status.SERVICE_UNAVAILABLE_503,
                JsonReplies.error("no_dispensary", "This server has no dispensary configured, so patients, "
                        + "prescriptions, refills and renewal requests are not available here."));
        for (String path : PATHS) {
            http.any(path, unavailable);
        }
    }
}
