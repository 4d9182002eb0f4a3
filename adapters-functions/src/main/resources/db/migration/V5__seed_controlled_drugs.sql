-- Controlled prescription drugs (US Controlled Substances Act, Schedules II to V), so that prescriptions for them can
-- be filed: their refills follow stricter rules (21 CFR 1306.12 and 1306.22). Cash prices per pack in US dollars.

INSERT INTO formulary (generic_name, strength, form, pack_size, price, stock_on_hand, prescription_required, common_uses, key_warnings) VALUES
-- Schedule II: no refills, every fill needs a new prescription
('oxycodone-acetaminophen', '5 mg / 325 mg', 'tablet', '30 tablets', 18.00, 40, TRUE,
 'Short-term relief of severe pain, for example after surgery or an injury.',
 'Controlled substance (Schedule II): no refills, each fill needs a new prescription. Opioid: risk of addiction, overdose and slowed breathing, worse with alcohol or sedatives. Contains acetaminophen: count it toward the daily limit.'),
('methylphenidate', '10 mg', 'tablet', '60 tablets', 30.00, 30, TRUE,
 'ADHD (attention deficit hyperactivity disorder) and narcolepsy.',
 'Controlled substance (Schedule II): no refills, each fill needs a new prescription. Can be misused. May raise heart rate and blood pressure and cause trouble sleeping and poor appetite: take it early in the day.'),
-- Schedule III
('acetaminophen-codeine', '300 mg / 30 mg', 'tablet', '30 tablets', 12.00, 35, TRUE,
 'Mild to moderately severe pain.',
 'Controlled substance (Schedule III). Opioid: risk of addiction and slowed breathing, worse with alcohol or sedatives. Not for children under 12. Contains acetaminophen: count it toward the daily limit.'),
('testosterone cypionate', '200 mg per mL', 'injection', '10 mL vial', 45.00, 10, TRUE,
 'Low testosterone (hypogonadism) in men.',
 'Controlled substance (Schedule III). Can raise blood pressure and the red blood cell count, so regular blood tests are needed. Not in pregnancy: harms the unborn baby.'),
-- Schedule IV
('alprazolam', '0.5 mg', 'tablet', '60 tablets', 10.00, 50, TRUE,
 'Anxiety and panic disorder.',
 'Controlled substance (Schedule IV). Causes drowsiness: do not drive until you know how it affects you. With opioids or alcohol it can slow or stop breathing. Do not stop suddenly after regular use: withdrawal can cause seizures.'),
('zolpidem', '10 mg', 'tablet', '30 tablets', 9.00, 45, TRUE,
 'Short-term treatment of trouble falling asleep (insomnia).',
 'Controlled substance (Schedule IV). Take right before bed, only with 7 to 8 hours left to sleep: next-morning drowsiness impairs driving. Can cause sleep-walking or sleep-driving; stop and call a doctor if it does. Avoid alcohol.'),
('tramadol', '50 mg', 'tablet', '60 tablets', 11.00, 40, TRUE,
 'Moderate to moderately severe pain in adults.',
 'Controlled substance (Schedule IV). Opioid: risk of addiction and slowed breathing, worse with alcohol or sedatives. Can cause seizures, and serotonin syndrome with some antidepressants. Not for children under 12.'),
-- Schedule V
('pregabalin', '75 mg', 'capsule', '60 capsules', 20.00, 40, TRUE,
 'Nerve pain from diabetes or shingles, fibromyalgia, and seizures (with other medicines).',
 'Controlled substance (Schedule V). Dizziness and drowsiness; may cause swelling of the hands and feet. Dangerous breathing problems with opioids or alcohol. Do not stop suddenly.'),
('lacosamide', '100 mg', 'tablet', '60 tablets', 40.00, 20, TRUE,
 'Partial-onset seizures (epilepsy), alone or with other seizure medicines.',
 'Controlled substance (Schedule V). Dizziness, double vision and unsteadiness. Can affect heart rhythm. Do not stop suddenly: seizures may return. May increase suicidal thoughts.');

INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Percocet', id FROM formulary WHERE generic_name = 'oxycodone-acetaminophen';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Ritalin', id FROM formulary WHERE generic_name = 'methylphenidate';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Depo-Testosterone', id FROM formulary WHERE generic_name = 'testosterone cypionate';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Xanax', id FROM formulary WHERE generic_name = 'alprazolam';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Ambien', id FROM formulary WHERE generic_name = 'zolpidem';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Ultram', id FROM formulary WHERE generic_name = 'tramadol';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Lyrica', id FROM formulary WHERE generic_name = 'pregabalin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Vimpat', id FROM formulary WHERE generic_name = 'lacosamide';
