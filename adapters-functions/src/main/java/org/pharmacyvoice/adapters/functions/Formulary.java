package org.pharmacyvoice.adapters.functions;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The formulary tables on one database handle: the drugs, their names, and their stock on the shelf. */
final class Formulary {

    private static final RowMapper<DrugName> NAME_ROWS =
            (row, context) -> new DrugName(row.getLong("drug_id"), row.getString("name"));

    private final Handle handle;

    Formulary(Handle handle) {
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
        List<String> brands = handle.createQuery(
                        "SELECT brand_name FROM formulary_brand WHERE drug_id = :id ORDER BY brand_name")
                .bind("id", drugId)
                .mapTo(String.class)
                .list();
        return handle.createQuery("""
                        SELECT id, generic_name, strength, form, pack_size, price, stock_on_hand,
                               prescription_required, common_uses, key_warnings
                        FROM formulary WHERE id = :id""")
                .bind("id", drugId)
                .map((row, context) -> new Drug(
                        row.getLong("id"),
                        row.getString("generic_name"),
                        brands,
                        row.getString("strength"),
                        row.getString("form"),
                        row.getString("pack_size"),
                        row.getBigDecimal("price"),
                        row.getInt("stock_on_hand"),
                        row.getBoolean("prescription_required"),
                        row.getString("common_uses"),
                        row.getString("key_warnings")))
                .findOne();
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
}
