-- The starting formulary of a neighbourhood pharmacy: common over-the-counter and prescription drugs.
-- Cash prices per pack in US dollars; a few items are out of stock or down to their last pack.

INSERT INTO formulary (generic_name, strength, form, pack_size, price, stock_on_hand, prescription_required, common_uses, key_warnings) VALUES
-- Over the counter
('acetaminophen', '500 mg', 'tablet', '100 tablets', 8.99, 120, FALSE,
 'Pain relief and fever reduction: headache, muscle aches, toothache, colds.',
 'Do not take more than 3,000 mg a day unless a doctor says so. Overdose, or 3 or more alcoholic drinks a day, can cause severe liver damage. Many cold medicines also contain acetaminophen.'),
('ibuprofen', '200 mg', 'tablet', '100 tablets', 7.99, 150, FALSE,
 'Pain, fever and inflammation: headache, toothache, menstrual cramps, arthritis, muscle aches.',
 'Can cause stomach bleeding, more so over age 60 or with alcohol. May raise the risk of heart attack and stroke. Avoid in late pregnancy and with kidney disease. Take with food.'),
('naproxen', '220 mg (naproxen sodium)', 'tablet', '50 tablets', 9.49, 80, FALSE,
 'Long-lasting relief of pain, fever, arthritis and menstrual cramps.',
 'Same risks as other NSAIDs: stomach bleeding, heart attack and stroke. Do not combine with ibuprofen or aspirin. No more than 3 tablets in 24 hours.'),
('aspirin', '81 mg (low dose)', 'tablet', '120 tablets', 4.99, 90, FALSE,
 'Heart attack and stroke prevention when advised by a doctor.',
 'Raises bleeding risk, especially with blood thinners. Never give to children or teenagers with a viral illness (Reye''s syndrome).'),
('loratadine', '10 mg', 'tablet', '30 tablets', 11.99, 60, FALSE,
 'Non-drowsy relief of seasonal allergies, hay fever and hives.',
 'One tablet a day. Rarely causes drowsiness. Ask a doctor first with liver or kidney disease.'),
('cetirizine', '10 mg', 'tablet', '30 tablets', 12.49, 55, FALSE,
 'Relief of allergy symptoms and hives.',
 'May cause drowsiness: be careful driving, and avoid alcohol and sedatives.'),
('fexofenadine', '180 mg', 'tablet', '30 tablets', 15.99, 40, FALSE,
 'Non-drowsy 24-hour allergy relief.',
 'Take with water, not fruit juice, which lowers absorption. Do not take within 2 hours of antacids.'),
('diphenhydramine', '25 mg', 'capsule', '24 capsules', 4.49, 70, FALSE,
 'Allergies, hives, itching and occasional sleeplessness.',
 'Causes marked drowsiness: do not drive, avoid alcohol. Can cause confusion and falls in older adults. Not for young children.'),
('omeprazole', '20 mg (delayed-release)', 'capsule', '42 capsules', 18.99, 45, FALSE,
 'Frequent heartburn (2 or more days a week), taken as a 14-day course.',
 'Not for immediate relief. No more than one 14-day course every 4 months without a doctor. Reduces the effect of clopidogrel.'),
('famotidine', '20 mg', 'tablet', '50 tablets', 10.99, 65, FALSE,
 'Relief and prevention of heartburn and acid indigestion.',
 'Ask a doctor first with kidney disease. See a doctor if heartburn lasts more than 14 days.'),
('esomeprazole', '20 mg (delayed-release)', 'capsule', '42 capsules', 22.99, 0, FALSE,
 'Frequent heartburn, taken as a 14-day course.',
 'Not for immediate relief. No more than one 14-day course every 4 months without a doctor. Reduces the effect of clopidogrel.'),
('calcium carbonate', '750 mg (chewable)', 'tablet', '72 tablets', 6.49, 100, FALSE,
 'Fast relief of heartburn and acid indigestion; calcium supplement.',
 'Can cause constipation. Take other medicines 2 hours apart. Ask a doctor with kidney stones or kidney disease.'),
('loperamide', '2 mg', 'capsule', '24 capsules', 6.99, 50, FALSE,
 'Diarrhea, including travelers'' diarrhea.',
 'No more than 8 mg a day without a doctor: overdose can cause serious heart rhythm problems. Do not use with bloody stool or fever.'),
('bismuth subsalicylate', '262 mg per 15 mL', 'liquid', '236 mL bottle', 7.49, 35, FALSE,
 'Upset stomach, heartburn, nausea and diarrhea.',
 'Contains a salicylate: avoid with aspirin allergy or blood thinners, and in children or teenagers with a viral illness. May darken the tongue and stool.'),
('guaifenesin', '600 mg (extended-release)', 'tablet', '40 tablets', 16.99, 40, FALSE,
 'Loosens chest congestion and mucus.',
 'Swallow whole, do not crush or chew. Drink plenty of water. See a doctor if a cough lasts more than 7 days.'),
('dextromethorphan', '30 mg per 5 mL (12-hour)', 'liquid', '89 mL bottle', 13.99, 25, FALSE,
 'Cough suppressant for dry cough.',
 'Do not use with an MAO inhibitor or within 14 days of stopping one. Serious interactions with some antidepressants. May cause dizziness.'),
('pseudoephedrine', '30 mg', 'tablet', '24 tablets', 8.99, 30, FALSE,
 'Nasal and sinus congestion.',
 'Sold from behind the pharmacy counter with photo ID and monthly purchase limits. May raise blood pressure and heart rate.'),
('fluticasone', '50 mcg per spray', 'spray', '120 sprays', 19.99, 30, FALSE,
 'Nasal allergy symptoms: congestion, sneezing, runny nose.',
 'Takes several days for full effect. May cause nosebleeds. Long-term use in children may slow growth.'),
('melatonin', '3 mg', 'tablet', '60 tablets', 6.99, 45, FALSE,
 'Short-term help with falling asleep and jet lag.',
 'Dietary supplement. May cause next-day drowsiness. Ask a doctor first if pregnant or taking blood thinners or seizure medicines.'),
('docusate', '100 mg (docusate sodium)', 'capsule', '100 capsules', 7.99, 40, FALSE,
 'Stool softener for occasional constipation.',
 'Do not use for more than a week without a doctor. Do not take with mineral oil.'),
('polyethylene glycol', '17 g per dose', 'powder', '238 g bottle (14 doses)', 14.99, 30, FALSE,
 'Occasional constipation.',
 'Ask a doctor first with kidney disease or belly pain with nausea. Do not use for more than 7 days.'),
('hydrocortisone', '1%', 'cream', '28 g tube', 5.99, 50, FALSE,
 'Itching and rashes from insect bites, eczema and poison ivy.',
 'Not for broken or infected skin. Do not use for more than 7 days without a doctor.'),
('clotrimazole', '1%', 'cream', '24 g tube', 8.49, 35, FALSE,
 'Athlete''s foot, jock itch and ringworm.',
 'For skin use only. Use for the full 2 to 4 weeks even if symptoms clear sooner.'),
('meclizine', '25 mg', 'tablet', '16 tablets', 6.49, 1, FALSE,
 'Motion sickness: nausea, vomiting and dizziness.',
 'Causes drowsiness; avoid alcohol. Ask a doctor first with glaucoma or an enlarged prostate.'),
('nicotine', '4 mg', 'gum', '100 pieces', 44.99, 0, FALSE,
 'Helps to quit smoking by easing nicotine cravings.',
 'Do not smoke while using it. Ask a doctor first with heart disease, high blood pressure, or in pregnancy.'),
-- Prescription only
('amoxicillin', '500 mg', 'capsule', '21 capsules', 12.50, 60, TRUE,
 'Bacterial infections: ear, sinus, throat (strep), chest and urinary infections.',
 'Do not take with a penicillin allergy: it can cause a severe allergic reaction. Finish the whole course. May cause diarrhea and rash.'),
('amoxicillin-clavulanate', '875 mg / 125 mg', 'tablet', '20 tablets', 24.00, 25, TRUE,
 'Sinus, ear, skin and lung infections that need more than amoxicillin alone.',
 'Do not take with a penicillin allergy. Take with food. Diarrhea is common; report severe or bloody diarrhea.'),
('azithromycin', '250 mg', 'tablet', '6 tablets', 15.00, 30, TRUE,
 'Bacterial infections such as bronchitis, pneumonia, sinus and throat infections.',
 'Can cause heart rhythm problems. Take apart from aluminum or magnesium antacids. May cause diarrhea.'),
('cephalexin', '500 mg', 'capsule', '28 capsules', 14.00, 40, TRUE,
 'Skin, bone, ear, throat and urinary tract infections.',
 'Tell the pharmacist about any penicillin or cephalosporin allergy. Finish the whole course. May cause diarrhea.'),
('ciprofloxacin', '500 mg', 'tablet', '14 tablets', 16.00, 20, TRUE,
 'Urinary tract and other bacterial infections.',
 'Can cause tendon rupture, nerve damage and mood changes. Take 2 hours before or 6 hours after dairy, antacids, iron or zinc. Sun sensitivity.'),
('doxycycline', '100 mg (hyclate)', 'capsule', '20 capsules', 18.00, 25, TRUE,
 'Bacterial infections, acne, Lyme disease and malaria prevention.',
 'Take with a full glass of water and stay upright for 30 minutes. Strong sun sensitivity. Not for children under 8 or in pregnancy.'),
('nitrofurantoin', '100 mg (monohydrate/macrocrystals)', 'capsule', '14 capsules', 22.00, 20, TRUE,
 'Bladder infections (urinary tract infections).',
 'Take with food. May turn urine brown. Not for people with poor kidney function.'),
('metformin', '500 mg', 'tablet', '60 tablets', 9.00, 200, TRUE,
 'Type 2 diabetes: lowers blood sugar.',
 'Take with meals; stomach upset and diarrhea are common at first. Avoid heavy drinking (rare lactic acidosis). May need to pause before contrast scans or surgery.'),
('glipizide', '5 mg', 'tablet', '60 tablets', 10.00, 60, TRUE,
 'Type 2 diabetes: helps the pancreas release insulin.',
 'Can cause low blood sugar; know the signs. Take 30 minutes before breakfast. Avoid alcohol.'),
('insulin glargine', '100 units per mL', 'injection', '5 prefilled pens (3 mL each)', 98.50, 1, TRUE,
 'Long-acting insulin for type 1 and type 2 diabetes.',
 'Can cause low blood sugar; know the signs. Never share pens. Keep unopened pens in the refrigerator. Do not mix with other insulins.'),
('lisinopril', '10 mg', 'tablet', '30 tablets', 6.00, 180, TRUE,
 'High blood pressure, heart failure, and protection after a heart attack.',
 'Not in pregnancy. May cause a dry cough and dizziness. Swelling of the face, lips or throat is an emergency. Avoid potassium supplements unless advised.'),
('losartan', '50 mg', 'tablet', '30 tablets', 10.00, 90, TRUE,
 'High blood pressure; kidney protection in diabetes.',
 'Not in pregnancy. May cause dizziness and raise potassium.'),
('amlodipine', '5 mg', 'tablet', '30 tablets', 7.00, 150, TRUE,
 'High blood pressure and chest pain (angina).',
 'May cause ankle and foot swelling, flushing and dizziness.'),
('metoprolol', '25 mg (tartrate)', 'tablet', '60 tablets', 8.00, 110, TRUE,
 'High blood pressure, chest pain, heart rhythm problems, and after a heart attack.',
 'Do not stop suddenly: chest pain may worsen. May cause tiredness, dizziness and a slow heartbeat, and hide signs of low blood sugar.'),
('hydrochlorothiazide', '25 mg', 'tablet', '30 tablets', 5.00, 80, TRUE,
 'High blood pressure and fluid retention.',
 'Increases urination, so take it in the morning. May lower potassium and raise blood sugar. Sun sensitivity.'),
('furosemide', '20 mg', 'tablet', '30 tablets', 5.50, 60, TRUE,
 'Fluid retention from heart, liver or kidney disease; high blood pressure.',
 'Strong water pill: risk of dehydration, low potassium and dizziness. Take it in the morning.'),
('atorvastatin', '20 mg', 'tablet', '30 tablets', 14.00, 140, TRUE,
 'Lowers LDL cholesterol and the risk of heart attack and stroke.',
 'Report unexplained muscle pain or weakness. Avoid large amounts of grapefruit juice. Not in pregnancy.'),
('simvastatin', '20 mg', 'tablet', '30 tablets', 8.00, 70, TRUE,
 'Lowers cholesterol and the risk of heart attack and stroke.',
 'Take in the evening. Report unexplained muscle pain. Avoid grapefruit juice. Many drug interactions: tell the pharmacist what else you take.'),
('rosuvastatin', '10 mg', 'tablet', '30 tablets', 12.00, 60, TRUE,
 'Lowers cholesterol and the risk of heart attack and stroke.',
 'Report unexplained muscle pain. Take aluminum or magnesium antacids at least 2 hours later.'),
('clopidogrel', '75 mg', 'tablet', '30 tablets', 11.00, 50, TRUE,
 'Prevents blood clots after a heart attack, stroke or stent.',
 'Raises bleeding risk. Do not stop without asking the prescriber. Omeprazole and esomeprazole weaken its effect.'),
('warfarin', '5 mg', 'tablet', '30 tablets', 9.00, 40, TRUE,
 'Prevents and treats blood clots: atrial fibrillation, DVT, artificial heart valves.',
 'Serious bleeding risk; needs regular INR blood tests. Keep vitamin K intake steady. Many interactions, including aspirin and NSAIDs.'),
('apixaban', '5 mg', 'tablet', '60 tablets', 585.00, 12, TRUE,
 'Prevents stroke in atrial fibrillation; treats and prevents blood clots.',
 'Raises bleeding risk. Stopping early raises the risk of stroke. Tell any surgeon or dentist you take it.'),
('sertraline', '50 mg', 'tablet', '30 tablets', 9.00, 100, TRUE,
 'Depression, anxiety, panic disorder, OCD and PTSD.',
 'May increase suicidal thoughts in people under 25. Do not stop suddenly. Risk of serotonin syndrome with other serotonergic drugs. Takes 4 to 6 weeks to work fully.'),
('escitalopram', '10 mg', 'tablet', '30 tablets', 10.00, 70, TRUE,
 'Depression and generalized anxiety disorder.',
 'May increase suicidal thoughts in people under 25. Do not stop suddenly. May affect heart rhythm.'),
('fluoxetine', '20 mg', 'capsule', '30 capsules', 8.00, 60, TRUE,
 'Depression, OCD, bulimia and panic disorder.',
 'May increase suicidal thoughts in people under 25. Risk of serotonin syndrome with other serotonergic drugs. Many interactions.'),
('bupropion', '150 mg (extended-release XL)', 'tablet', '30 tablets', 25.00, 40, TRUE,
 'Depression, seasonal affective disorder, and help to quit smoking.',
 'Can cause seizures: not for people with seizure or eating disorders; avoid heavy drinking. Swallow whole. May increase suicidal thoughts in young people.'),
('trazodone', '50 mg', 'tablet', '30 tablets', 7.00, 50, TRUE,
 'Depression; often prescribed for sleep.',
 'Drowsiness and dizziness. A painful erection lasting over 4 hours is an emergency. Risk of serotonin syndrome.'),
('gabapentin', '300 mg', 'capsule', '90 capsules', 15.00, 90, TRUE,
 'Nerve pain (for example after shingles) and seizures.',
 'Drowsiness and dizziness. Dangerous breathing problems with opioids or alcohol. Do not stop suddenly.'),
('levothyroxine', '50 mcg', 'tablet', '30 tablets', 11.00, 130, TRUE,
 'Underactive thyroid (hypothyroidism).',
 'Take on an empty stomach 30 to 60 minutes before breakfast. Take calcium, iron and antacids 4 hours apart. Not for weight loss.'),
('prednisone', '10 mg', 'tablet', '21 tablets', 6.00, 45, TRUE,
 'Inflammation: asthma flares, allergic reactions, arthritis, autoimmune conditions.',
 'Take with food in the morning. Raises blood sugar. Do not stop suddenly after long use. Lowers resistance to infection.'),
('albuterol', '90 mcg per puff', 'inhaler', '200 puffs', 35.00, 30, TRUE,
 'Quick relief of asthma and COPD wheezing and shortness of breath.',
 'May cause shaky hands and a fast heartbeat. Needing it more often than usual means asthma may be getting worse: see a doctor.'),
('montelukast', '10 mg', 'tablet', '30 tablets', 12.00, 50, TRUE,
 'Asthma prevention and seasonal allergies.',
 'Can cause mood and behavior changes, including suicidal thoughts. Not for sudden asthma attacks.'),
('pantoprazole', '40 mg (delayed-release)', 'tablet', '30 tablets', 13.00, 60, TRUE,
 'Acid reflux (GERD), erosive esophagitis and other stomach acid conditions.',
 'Take before breakfast. Long-term use may lower magnesium and vitamin B12 and raise fracture risk.'),
('ondansetron', '4 mg (orally disintegrating)', 'tablet', '10 tablets', 18.00, 1, TRUE,
 'Prevents nausea and vomiting from chemotherapy, radiation or surgery.',
 'May affect heart rhythm. May cause headache and constipation. Risk of serotonin syndrome with other serotonergic drugs.'),
('tamsulosin', '0.4 mg', 'capsule', '30 capsules', 12.00, 45, TRUE,
 'Urinary symptoms of an enlarged prostate.',
 'Dizziness when standing up, especially after the first dose. Tell an eye surgeon before cataract surgery.'),
('cyclobenzaprine', '10 mg', 'tablet', '30 tablets', 9.00, 35, TRUE,
 'Short-term relief of muscle spasms.',
 'Causes drowsiness; avoid alcohol. Not with MAO inhibitors. For 2 to 3 weeks of use only.'),
('meloxicam', '15 mg', 'tablet', '30 tablets', 8.00, 55, TRUE,
 'Osteoarthritis and rheumatoid arthritis pain and swelling.',
 'NSAID: stomach bleeding, heart attack and stroke risk. Do not combine with ibuprofen or naproxen.'),
('valacyclovir', '1 g', 'tablet', '21 tablets', 30.00, 0, TRUE,
 'Cold sores, shingles and genital herpes.',
 'Drink plenty of fluids. The dose must be lowered with kidney disease.'),
('sumatriptan', '50 mg', 'tablet', '9 tablets', 20.00, 25, TRUE,
 'Treats migraine attacks.',
 'Not for migraine prevention. Not with heart disease or within 24 hours of another triptan. Risk of serotonin syndrome.'),
('benzonatate', '100 mg', 'capsule', '30 capsules', 12.00, 30, TRUE,
 'Relief of cough.',
 'Swallow whole: chewing numbs the mouth and throat and can cause choking. Keep away from children: an accidental dose can be fatal.'),
('allopurinol', '100 mg', 'tablet', '30 tablets', 6.00, 40, TRUE,
 'Prevents gout attacks and kidney stones by lowering uric acid.',
 'Stop and call a doctor at the first sign of a rash. Drink plenty of fluids.');

-- Brand names callers use; melatonin is sold under its generic name only.

INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Tylenol', id FROM formulary WHERE generic_name = 'acetaminophen';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Advil', id FROM formulary WHERE generic_name = 'ibuprofen';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Motrin', id FROM formulary WHERE generic_name = 'ibuprofen';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Aleve', id FROM formulary WHERE generic_name = 'naproxen';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Bayer', id FROM formulary WHERE generic_name = 'aspirin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Ecotrin', id FROM formulary WHERE generic_name = 'aspirin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Claritin', id FROM formulary WHERE generic_name = 'loratadine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Zyrtec', id FROM formulary WHERE generic_name = 'cetirizine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Allegra', id FROM formulary WHERE generic_name = 'fexofenadine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Benadryl', id FROM formulary WHERE generic_name = 'diphenhydramine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Prilosec', id FROM formulary WHERE generic_name = 'omeprazole';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Pepcid', id FROM formulary WHERE generic_name = 'famotidine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Nexium', id FROM formulary WHERE generic_name = 'esomeprazole';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Tums', id FROM formulary WHERE generic_name = 'calcium carbonate';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Imodium', id FROM formulary WHERE generic_name = 'loperamide';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Pepto-Bismol', id FROM formulary WHERE generic_name = 'bismuth subsalicylate';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Mucinex', id FROM formulary WHERE generic_name = 'guaifenesin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Delsym', id FROM formulary WHERE generic_name = 'dextromethorphan';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Sudafed', id FROM formulary WHERE generic_name = 'pseudoephedrine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Flonase', id FROM formulary WHERE generic_name = 'fluticasone';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Colace', id FROM formulary WHERE generic_name = 'docusate';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'MiraLAX', id FROM formulary WHERE generic_name = 'polyethylene glycol';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Cortizone-10', id FROM formulary WHERE generic_name = 'hydrocortisone';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Lotrimin AF', id FROM formulary WHERE generic_name = 'clotrimazole';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Bonine', id FROM formulary WHERE generic_name = 'meclizine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Antivert', id FROM formulary WHERE generic_name = 'meclizine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Nicorette', id FROM formulary WHERE generic_name = 'nicotine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Amoxil', id FROM formulary WHERE generic_name = 'amoxicillin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Augmentin', id FROM formulary WHERE generic_name = 'amoxicillin-clavulanate';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Zithromax', id FROM formulary WHERE generic_name = 'azithromycin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Z-Pak', id FROM formulary WHERE generic_name = 'azithromycin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Keflex', id FROM formulary WHERE generic_name = 'cephalexin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Cipro', id FROM formulary WHERE generic_name = 'ciprofloxacin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Vibramycin', id FROM formulary WHERE generic_name = 'doxycycline';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Doryx', id FROM formulary WHERE generic_name = 'doxycycline';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Macrobid', id FROM formulary WHERE generic_name = 'nitrofurantoin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Glucophage', id FROM formulary WHERE generic_name = 'metformin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Glucotrol', id FROM formulary WHERE generic_name = 'glipizide';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Lantus', id FROM formulary WHERE generic_name = 'insulin glargine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Basaglar', id FROM formulary WHERE generic_name = 'insulin glargine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Semglee', id FROM formulary WHERE generic_name = 'insulin glargine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Zestril', id FROM formulary WHERE generic_name = 'lisinopril';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Prinivil', id FROM formulary WHERE generic_name = 'lisinopril';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Cozaar', id FROM formulary WHERE generic_name = 'losartan';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Norvasc', id FROM formulary WHERE generic_name = 'amlodipine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Lopressor', id FROM formulary WHERE generic_name = 'metoprolol';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Microzide', id FROM formulary WHERE generic_name = 'hydrochlorothiazide';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Lasix', id FROM formulary WHERE generic_name = 'furosemide';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Lipitor', id FROM formulary WHERE generic_name = 'atorvastatin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Zocor', id FROM formulary WHERE generic_name = 'simvastatin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Crestor', id FROM formulary WHERE generic_name = 'rosuvastatin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Plavix', id FROM formulary WHERE generic_name = 'clopidogrel';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Coumadin', id FROM formulary WHERE generic_name = 'warfarin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Jantoven', id FROM formulary WHERE generic_name = 'warfarin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Eliquis', id FROM formulary WHERE generic_name = 'apixaban';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Zoloft', id FROM formulary WHERE generic_name = 'sertraline';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Lexapro', id FROM formulary WHERE generic_name = 'escitalopram';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Prozac', id FROM formulary WHERE generic_name = 'fluoxetine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Wellbutrin', id FROM formulary WHERE generic_name = 'bupropion';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Wellbutrin XL', id FROM formulary WHERE generic_name = 'bupropion';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Desyrel', id FROM formulary WHERE generic_name = 'trazodone';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Neurontin', id FROM formulary WHERE generic_name = 'gabapentin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Synthroid', id FROM formulary WHERE generic_name = 'levothyroxine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Levoxyl', id FROM formulary WHERE generic_name = 'levothyroxine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Deltasone', id FROM formulary WHERE generic_name = 'prednisone';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'ProAir', id FROM formulary WHERE generic_name = 'albuterol';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Ventolin', id FROM formulary WHERE generic_name = 'albuterol';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Proventil', id FROM formulary WHERE generic_name = 'albuterol';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Singulair', id FROM formulary WHERE generic_name = 'montelukast';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Protonix', id FROM formulary WHERE generic_name = 'pantoprazole';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Zofran', id FROM formulary WHERE generic_name = 'ondansetron';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Flomax', id FROM formulary WHERE generic_name = 'tamsulosin';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Flexeril', id FROM formulary WHERE generic_name = 'cyclobenzaprine';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Mobic', id FROM formulary WHERE generic_name = 'meloxicam';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Valtrex', id FROM formulary WHERE generic_name = 'valacyclovir';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Imitrex', id FROM formulary WHERE generic_name = 'sumatriptan';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Tessalon', id FROM formulary WHERE generic_name = 'benzonatate';
INSERT INTO formulary_brand (brand_name, drug_id) SELECT 'Zyloprim', id FROM formulary WHERE generic_name = 'allopurinol';
