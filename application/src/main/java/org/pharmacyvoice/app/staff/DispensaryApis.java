package org.pharmacyvoice.app.staff;

import io.helidon.webserver.http.HttpRouting;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.dispensary.port.in.FindPatientsUseCase;
import org.pharmacyvoice.domain.dispensary.port.in.RefillQueueUseCase;
import org.pharmacyvoice.domain.dispensary.port.in.RenewalRequestsUseCase;
import org.pharmacyvoice.domain.outbound.port.in.PickupCallsUseCase;

/**
 * The staff's side of the dispensary over HTTP: {@code /api/patients}, {@code /api/refills} and
 * {@code /api/renewal-requests}.
 */
public final class DispensaryApis {

    private final PatientsApi patients;
    private final RefillsApi refills;
    private final RenewalRequestsApi renewals;

    public DispensaryApis(FindPatientsUseCase patients, RefillQueueUseCase refills, RenewalRequestsUseCase renewals) {
        this(patients, refills, renewals, Optional.empty());
    }

    /** With the ready-for-pickup calls a refill moved to ready asks for; empty when the pharmacy places no calls. */
    public DispensaryApis(FindPatientsUseCase patients, RefillQueueUseCase refills, RenewalRequestsUseCase renewals,
                          Optional<PickupCallsUseCase> pickupCalls) {
        this.patients = new PatientsApi(Objects.requireNonNull(patients, "'patients' must not be null"));
        this.refills = new RefillsApi(Objects.requireNonNull(refills, "'refills' must not be null"),
                new PickupCallRequests(pickupCalls));
        this.renewals = new RenewalRequestsApi(Objects.requireNonNull(renewals, "'renewals' must not be null"));
    }

    /** Adds the three APIs' routes. */
    public void addRoutes(HttpRouting.Builder http) {
        patients.addRoutes(http);
        refills.addRoutes(http);
        renewals.addRoutes(http);
    }
}
