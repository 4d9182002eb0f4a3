package org.pharmacyvoice.adapters.functions;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.pharmacyvoice.domain.notification.OptOut;
import org.pharmacyvoice.domain.outbound.port.out.OptOutList;

/** The opt-out list on the opt_out table, one row per number; the first listing of a number is the one kept. */
final class JdbiOptOutList implements OptOutList {

    private static final RowMapper<OptOut> OPT_OUT_ROWS = (row, context) -> new OptOut(
            row.getString("phone_number"),
            row.getObject("created_at", OffsetDateTime.class).toInstant(),
            row.getString("source"));

    private final Jdbi jdbi;

    JdbiOptOutList(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public OptOut add(OptOut optOut) {
        Optional<OptOut> listed = find(optOut.phoneNumber());
        if (listed.isPresent()) {
            return listed.get();
        }
        try {
            jdbi.useTransaction(handle -> handle.createUpdate("""
                            INSERT INTO opt_out (phone_number, created_at, source) VALUES (:phone, :at, :source)""")
                    .bind("phone", optOut.phoneNumber())
                    .bind("at", optOut.at().atOffset(ZoneOffset.UTC))
                    .bind("source", ColumnText.clip(optOut.source(), 40))
                    .execute());
        } catch (RuntimeException e) {
            if (!UniqueViolation.in(e)) {
                throw e;
            }
            // Listed at the same moment by another request: that listing stands.
        }
        return find(optOut.phoneNumber()).orElseThrow();
    }

    @Override
    public Optional<OptOut> find(String phoneNumber) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT phone_number, created_at, source FROM opt_out WHERE phone_number = :phone")
                .bind("phone", phoneNumber)
                .map(OPT_OUT_ROWS)
                .findOne());
    }

    @Override
    public List<OptOut> list(int limit) {
        if (limit < 1) {
            return List.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT phone_number, created_at, source FROM opt_out ORDER BY created_at DESC, phone_number")
                .setMaxRows(limit)
                .map(OPT_OUT_ROWS)
                .list());
    }
}
