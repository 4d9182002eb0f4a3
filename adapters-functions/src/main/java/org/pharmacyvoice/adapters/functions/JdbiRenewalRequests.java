package org.pharmacyvoice.adapters.functions;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.dispensary.port.out.RenewalRequests;
import org.pharmacyvoice.domain.prescription.NewRenewalRequest;
import org.pharmacyvoice.domain.prescription.RenewalRequest;

/**
 * The renewal requests port on the database. A write joins the unit of work it is made in; made alone (staff
 * closing a request), it is a transaction of its own, and so on H2 written to the file before it returns.
 */
final class JdbiRenewalRequests implements RenewalRequests {

    private final Jdbi jdbi;

    JdbiRenewalRequests(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public RenewalRequest add(NewRenewalRequest request) {
        return jdbi.inTransaction(handle -> new RenewalTables(handle).add(request));
    }

    @Override
    public Optional<RenewalRequest> openFor(String rxNumber) {
        return jdbi.withHandle(handle -> new RenewalTables(handle).openFor(rxNumber));
    }

    @Override
    public List<RenewalRequest> find(boolean openOnly, int limit) {
        return jdbi.withHandle(handle -> new RenewalTables(handle).newest(openOnly, limit));
    }

    @Override
    public boolean close(long requestId) {
        return jdbi.inTransaction(handle -> new RenewalTables(handle).close(requestId));
    }
}
