"""Ages at which rules change, in months (the unit of ``age_months``): named once, used by
every mechanism. They are conventions of Japanese statistics and law, not parameters."""

from __future__ import annotations

MONTHS_PER_YEAR = 12
#: Working age: the labour force and the census's 15-64 group start here; children below.
WORKING_AGE = 15 * MONTHS_PER_YEAR
#: Adults (age of majority in these rules): own savings, own firms, residential asset tax.
ADULT_AGE = 20 * MONTHS_PER_YEAR
#: Pensions and the 65+ group (the census's elderly).
OLD_AGE = 65 * MONTHS_PER_YEAR
#: The labour force's last band (participation_75_plus) starts here.
LATE_OLD_AGE = 75 * MONTHS_PER_YEAR
#: Young children, before school: what childcare support counts.
YOUNG_CHILD_AGE = 6 * MONTHS_PER_YEAR
#: The youngest parent of an arriving family's children.
PARENT_AGE = 18 * MONTHS_PER_YEAR
#: Lookup tables by month of age run to this age (older people share its last entry).
TABLE_AGE = 121 * MONTHS_PER_YEAR
