package org.pharmacyvoice.domain.counter.port.in;

import org.pharmacyvoice.domain.pharmacy.DrugMatch;

/** Inbound port: the drug a caller means by a name heard on the phone, or the names closest to it. */
public interface FindDrugUseCase {

    DrugMatch findDrug(String heardName);
}
