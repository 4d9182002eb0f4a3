package org.pharmacyvoice.adapters.functions;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.counter.port.out.Formulary;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.DrugName;

/** The formulary port on the database; inside a unit of work it uses that unit's handle. */
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

    @Override
    public List<DrugName> names() {
        return jdbi.withHandle(handle -> new FormularyTables(handle).names());
    }

    @Override
    public int stockOnHand(long drugId) {
        return jdbi.withHandle(handle -> new FormularyTables(handle).stockOnHand(drugId));
    }

    @Override
    public boolean reserve(long drugId, int quantity) {
        return jdbi.withHandle(handle -> new FormularyTables(handle).reserve(drugId, quantity));
    }

    @Override
    public void restock(long drugId, int quantity) {
        jdbi.useHandle(handle -> new FormularyTables(handle).restock(drugId, quantity));
    }
}
