package org.pharmacyvoice.adapters.functions;

import java.time.Clock;
import java.util.List;
import org.pharmacyvoice.domain.tool.BusinessTool;

/** The pharmacy's tools, ready to register. */
public final class PharmacyTools {

    private PharmacyTools() {
    }

    /** get_drug_info, place_order, lookup_order, find_my_orders and cancel_order, in that order. */
    public static List<BusinessTool> create(PharmacyDatabase database) {
        return create(database, Clock.systemUTC());
    }

    static List<BusinessTool> create(PharmacyDatabase database, Clock clock) {
        var catalog = new DrugCatalog(database.jdbi());
        return List.of(
                new GetDrugInfoTool(catalog),
                new PlaceOrderTool(database.jdbi(), catalog, clock),
                new LookupOrderTool(database.jdbi()),
                new FindMyOrdersTool(database.jdbi()),
                new CancelOrderTool(database.jdbi(), clock));
    }
}
