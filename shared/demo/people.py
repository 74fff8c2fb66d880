"""Made-up people who need care, for the demo and the end-to-end tests.

Every detail is synthetic: names from short lists, a date of birth inside the advertised age
band, a postcode inside the advertised district, and an NHS number with a valid Modulus 11
check digit drawn from the 999 range, which the NHS never issues.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

GIVEN = ["Alex", "Sam", "Jo", "Chris", "Robin", "Morgan", "Jamie", "Pat", "Kim", "Lee"]
FAMILY = ["Hartley", "Okafor", "Nowak", "Patel", "Evans", "Brennan", "Ahmed", "Walsh"]
STREETS = ["Mill Lane", "Church Road", "Station Street", "Park View", "Victoria Terrace"]

#: The ages an advertised band covers.
BANDS = {"18-24": (18, 24), "25-34": (25, 34), "35-44": (35, 44), "45-54": (45, 54),
         "55-64": (55, 64), "65-74": (65, 74), "75-84": (75, 84)}


def nhs_number(rng: random.Random) -> str:
    """Ten digits, the last the Modulus 11 check digit of the first nine (from 999...)."""
    while True:
        first = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        remainder = sum(d * (10 - i) for i, d in enumerate(first)) % 11
        check = 11 - remainder
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, [*first, check]))


def person(rng: random.Random, age_band: str, district: str, today: date) -> dict[str, Any]:
    """Someone of ``age_band`` (on ``today``) who lives in ``district``."""
    low, high = BANDS[age_band]
    age = rng.randint(low, high - 1) if high > low else low
    born = date(today.year - age - 1, rng.randint(1, 12), rng.randint(1, 28))
    return {
        "given_name": rng.choice(GIVEN),
        "family_name": rng.choice(FAMILY),
        "date_of_birth": born.isoformat(),
        "address_lines": [f"{rng.randint(1, 180)} {rng.choice(STREETS)}"],
        "postcode": f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                    f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
        "nhs_number": nhs_number(rng),
    }
