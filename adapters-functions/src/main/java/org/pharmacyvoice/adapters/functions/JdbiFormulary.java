package org.pharmacyvoice.adapters.functions;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.counter.port.out.Formulary;
import org.pharmacyvoice.domain.pharmacy.Drug;

/** The formulary port on the database: the drug list as staff browse it. */
final class JdbiFormulary implements Formulary {

    private final Jdbi jdbi;

    JdbiFormulary(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<Drug> search(String query) {
        return jdbi.withHandle(handle -> new FormularyTables(handle).containing(query));
    }

    @Override
    public Optional<Drug> drug(long drugId) {
        return jdbi.withHandle(handle -> new FormularyTables(handle).find(drugId));
    }
}
