package org.pharmacyvoice.adapters.functions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.DrugName;

/** The formulary tables on one database handle: the drugs, their names, and their stock on the shelf. */
final class FormularyTables {

    private static final RowMapper<DrugName> NAME_ROWS =
            (row, context) -> new DrugName(row.getLong("drug_id"), row.getString("name"));

    private static final String SELECT_DRUGS = """
            SELECT f.id, f.generic_name, f.strength, f.form, f.pack_size, f.price, f.stock_on_hand,
                   f.prescription_required, f.common_uses, f.key_warnings
            FROM formulary f
            """;

    private final Handle handle;

    FormularyTables(Handle handle) {
        this.handle = handle;
    }

    /** Every generic and brand name, generic names first. */
    List<DrugName> names() {
        return handle.createQuery("""
                        SELECT drug_id, name FROM (
                            SELECT id AS drug_id, generic_name AS name, 0 AS kind FROM formulary
                            UNION ALL
                            SELECT drug_id, brand_name AS name, 1 AS kind FROM formulary_brand
                        ) names
                        ORDER BY kind, name""")
                .map(NAME_ROWS)
                .list();
    }

    Optional<Drug> find(long drugId) {
        return handle.createQuery(SELECT_DRUGS + "WHERE f.id = :id")
                .bind("id", drugId)
                .map(drugRows(brandNames(Optional.of(drugId))))
                .findOne();
    }

    /**
     * The drugs whose generic name or one of whose brand names contains {@code text}, ignoring case; every drug
     * for blank text. Sorted by generic name here rather than in SQL, so the order doesn't depend on the
     * database's collation.
     */
    List<Drug> containing(String text) {
        Map<Long, List<String>> brands = brandNames(Optional.empty());
        Query query;
        if (text.isBlank()) {
            query = handle.createQuery(SELECT_DRUGS);
        } else {
            query = handle.createQuery(SELECT_DRUGS + """
                            WHERE LOWER(f.generic_name) LIKE :pattern ESCAPE '!'
                               OR EXISTS (SELECT 1 FROM formulary_brand b
                                          WHERE b.drug_id = f.id AND LOWER(b.brand_name) LIKE :pattern ESCAPE '!')""")
                    .bind("pattern", "%" + likeLiteral(text.strip().toLowerCase(Locale.ROOT)) + "%");
        }
        return query.map(drugRows(brands)).list().stream()
                .sorted(Comparator.comparing(Drug::genericName))
                .toList();
    }

    int stockOnHand(long drugId) {
        return handle.createQuery("SELECT stock_on_hand FROM formulary WHERE id = :id")
                .bind("id", drugId)
                .mapTo(Integer.class)
                .one();
    }

    /**
     * Takes {@code quantity} packs off the shelf if that many are there; false if not. The check and the
     * decrement are one statement, so two callers racing for the last pack can't both get it.
     */
    boolean reserve(long drugId, int quantity) {
        return handle.createUpdate("""
                        UPDATE formulary SET stock_on_hand = stock_on_hand - :quantity
                        WHERE id = :id AND stock_on_hand >= :quantity""")
                .bind("id", drugId)
                .bind("quantity", quantity)
                .execute() == 1;
    }

    /** Puts packs back on the shelf, e.g. for a cancelled order. */
    void restock(long drugId, int quantity) {
        handle.createUpdate("UPDATE formulary SET stock_on_hand = stock_on_hand + :quantity WHERE id = :id")
                .bind("id", drugId)
                .bind("quantity", quantity)
                .execute();
    }

    /** Brand names per drug, sorted; of one drug, or of all drugs. */
    private Map<Long, List<String>> brandNames(Optional<Long> drugId) {
        Query query = drugId.isPresent()
                ? handle.createQuery("SELECT drug_id, brand_name FROM formulary_brand WHERE drug_id = :id")
                        .bind("id", drugId.get())
                : handle.createQuery("SELECT drug_id, brand_name FROM formulary_brand");
        var brands = new HashMap<Long, List<String>>();
        query.map((row, context) -> Map.entry(row.getLong("drug_id"), row.getString("brand_name")))
                .forEach(entry -> brands.computeIfAbsent(entry.getKey(), id -> new ArrayList<>()).add(entry.getValue()));
        brands.values().forEach(names -> names.sort(Comparator.naturalOrder()));
        return brands;
    }

    private static RowMapper<Drug> drugRows(Map<Long, List<String>> brands) {
        return (row, context) -> new Drug(
                row.getLong("id"),
                row.getString("generic_name"),
                brands.getOrDefault(row.getLong("id"), List.of()),
                row.getString("strength"),
                row.getString("form"),
                row.getString("pack_size"),
                row.getBigDecimal("price"),
                row.getInt("stock_on_hand"),
                row.getBoolean("prescription_required"),
                row.getString("common_uses"),
                row.getString("key_warnings"));
    }

    /** Text for a LIKE pattern with '!' as the escape character: '%' and '_' match only themselves. */
    static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
