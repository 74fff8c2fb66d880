"""The seeds' three DPSs as the demo plays them: who buys, who provides, how many care
packages a year and what they need, existing placements, budgets.

The figures come from the council reports in the seeds where they give one, and are the
demo's assumptions (marked so) where they do not:

- Staffordshire supported living: about 30 new placements a year, reference rates £13.60 to
  £14.75 an hour and £78 to £87 a night, contracts of about £62,000 a year, 50 existing
  non-contracted placements to move onto the DPS, a DPS of 2 + 1 + 1 years. How many
  providers join is assumed.
- Kent everyday life: lots 1a, 1b (closed) and 2, reopening six months after the start,
  spend of £9,547,321 a year and £1,000,000 of savings to find. The rate cards (the examples)
  and the number of packages and placements are assumed; the placements are sized so that
  moving them onto the DPS spends about what the budget allows.
- Sefton supported living: a pseudo DPS with two CCGs, about 24 providers, contracts of
  3 + 1 + 1 years, an immediate direct call-off to current providers who join, then
  mini-competitions at the council's fixed hourly rate on 95 % quality and 5 % social value.
  The rate (£17.90 an hour), the volumes and the budget are assumed.

``--scale`` multiplies every count (and the budgets with them, so spend against budget
reads the same at any scale).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Element:
    """A rate element a package may need: ``low`` to ``high`` a week, in ``chance`` of them."""

    element: str
    unit: str
    low: int
    high: int
    chance: float = 1.0
    #: The rate an existing placement is paid, as a share of the reference range (0: min).
    placement_rate: float = 0.5


@dataclass(frozen=True)
class LotPlan:
    """One lot: its share of the call-offs, what its packages need, who joins it."""

    code: str
    share: float
    elements: tuple[Element, ...]
    summary: str
    pattern: str
    age_bands: tuple[str, ...]
    #: Of every ``every`` providers, those whose position (modulo) is listed join this lot.
    joined_by: tuple[int, ...] = (0,)
    every: int = 1
    #: A share of the existing placements (Kent: all three lots have them).
    placement_share: float = 1.0


@dataclass(frozen=True)
class Budget:
    """One ``PUT /budgets`` body for a financial year, less its DPS and year; ``growth`` is
    added for each year after the first (the new placements of each year live on)."""

    annual_budget: Decimal
    buyer: str | None = None
    baseline_annual_spend: Decimal | None = None
    savings_target: Decimal | None = None
    growth: Decimal = Decimal(0)

    def body(self, dps_id: str, year: int, years_on: int, factor: float) -> dict[str, str | int]:
        """The ``PUT /budgets`` body, every amount scaled by ``factor``."""

        def scaled(amount: Decimal) -> str:
            return str((amount * Decimal(str(factor))).quantize(Decimal("0.01")))

        out: dict[str, str | int] = {
            "dps_id": dps_id, "financial_year": year,
            "annual_budget": scaled(self.annual_budget + self.growth * years_on),
        }
        if self.buyer:
            out["buyer"] = self.buyer
        if self.baseline_annual_spend is not None:
            out["baseline_annual_spend"] = scaled(self.baseline_annual_spend)
        if self.savings_target is not None:
            out["savings_target"] = scaled(self.savings_target)
        return out


@dataclass(frozen=True)
class Seed:
    key: str
    title: str
    example: str
    organisation: str
    buyers: tuple[str, ...]
    districts: tuple[str, ...]
    places: tuple[str, ...]
    trades: tuple[str, ...]
    number_base: int
    #: Providers who join in the first year, and who join each later year.
    providers: int
    providers_each_year: int
    #: New care packages a year (mini-competitions), and direct call-offs.
    call_offs: int
    lots: tuple[LotPlan, ...]
    criteria: tuple[tuple[str, str], ...]
    response_days: int
    term: tuple[int, tuple[int, ...]]
    need_bands: tuple[str, ...]
    funding_routes: tuple[str, ...]
    budgets: tuple[Budget, ...]
    direct_call_offs_first_year: int = 0
    direct_call_offs: int = 0
    fixed_rates: dict[tuple[str, str], str] = field(default_factory=dict)
    #: Existing placements moved onto the DPS in its first year, and the share of them whose
    #: incumbent did not join (re-procured by call-off).
    placements: int = 0
    reprocure_share: float = 0.0
    placement_term: tuple[int, tuple[int, ...]] = (24, (12, 12))
    #: Joint funding: the share of packages a CCG funds half of, and which CCG by district.
    joint_share: float = 0.0
    ccg_of: dict[str, str] = field(default_factory=dict)

    @property
    def pricing_mode(self) -> str:
        return "fixed_rate" if self.fixed_rates else "price_competed"

    def lot(self, code: str) -> LotPlan:
        return next(lot for lot in self.lots if lot.code == code)


def _pounds(value: str) -> Decimal:
    return Decimal(value)


STAFFORDSHIRE = Seed(
    key="staffordshire",
    title="Staffordshire",
    example="staffordshire-supported-living",
    organisation="staffordshire-cc",
    buyers=("Staffordshire County Council",),
    districts=("ST16", "ST17", "ST18", "ST19", "ST15", "ST5", "ST7", "ST13", "ST14", "ST10",
               "WS11", "WS12", "WS13", "WS14", "WS15", "DE13", "DE14", "B77", "B78", "B79"),
    places=("Trent Valley", "Moorlands", "Cannock Chase", "Tamworth", "Lichfield", "Stafford",
            "Burton", "Leek", "Penkridge", "Rugeley", "Uttoxeter", "Stone", "Cheadle",
            "Biddulph", "Kinver", "Codsall", "Eccleshall", "Brewood"),
    trades=("Supported Living", "Care and Support", "Community Living", "Support Services"),
    number_base=41_000_000,
    providers=18,
    providers_each_year=3,
    call_offs=30,
    lots=(
        LotPlan(
            code="SL", share=1.0,
            elements=(Element("support", "hour", 30, 60, placement_rate=0.4),
                      Element("sleep_in", "night", 7, 7, chance=0.7, placement_rate=0.5)),
            summary="Supported living in the person's own tenancy: help with daily living, "
                    "managing money and medication, and getting out into the community.",
            pattern="Daytime support seven days a week; a sleep-in where the plan says so.",
            age_bands=("18-24", "25-34", "35-44", "45-54", "55-64"),
        ),
    ),
    criteria=(("quality", "60"), ("cost", "40")),
    response_days=10,
    term=(24, (12, 12)),
    need_bands=("medium", "high", "complex"),
    funding_routes=("council_arranged",) * 4 + ("individual_service_fund",),
    # The demo's assumption: £62,000 (the report's typical contract) for each existing
    # placement moved on and each of the year's new ones.
    budgets=(Budget(_pounds("4960000.00"), growth=_pounds("1860000.00")),),
    placements=50,
    reprocure_share=0.16,
)

KENT = Seed(
    key="kent",
    title="Kent",
    example="kent-everyday-life",
    organisation="kent-cc",
    buyers=("Kent County Council",),
    districts=("CT1", "CT2", "CT9", "CT11", "CT20", "ME14", "ME15", "ME16", "TN23", "TN24",
               "TN1", "TN2", "TN9", "DA1", "DA11", "DA12", "CT5", "CT6", "ME10", "TN28"),
    places=("Garden of England", "Stour Valley", "Medway Valley", "Weald", "Thanet",
            "Downs", "Romney Marsh", "Swale", "Sevenoaks", "Canterbury", "Ashford",
            "Dartford", "Folkestone", "Whitstable", "Tonbridge", "Faversham"),
    trades=("Day Opportunities", "Skills Academy", "Community Activities", "Life Skills"),
    number_base=42_000_000,
    providers=30,
    providers_each_year=6,
    call_offs=48,
    lots=(
        LotPlan(
            code="1a", share=0.45,
            elements=(Element("support", "hour", 6, 20, placement_rate=0.35),),
            summary="Everyday life activities one to one or in a small group: leisure, "
                    "volunteering and using community places with confidence.",
            pattern="Two to four sessions a week, daytime, some at weekends.",
            age_bands=("18-24", "25-34", "35-44", "45-54", "55-64", "65-74"),
            joined_by=(0, 1, 2, 4), every=5, placement_share=0.45,
        ),
        LotPlan(
            code="1b", share=0.25,
            elements=(Element("day_service", "day", 2, 5, placement_rate=0.4),),
            summary="Building-based day activities in a larger group, with personal care "
                    "on site.",
            pattern="Weekdays, 10:00 to 15:30.",
            age_bands=("25-34", "35-44", "45-54", "55-64", "65-74", "75-84"),
            joined_by=(3, 4), every=5, placement_share=0.35,
        ),
        LotPlan(
            code="2", share=0.30,
            elements=(Element("training", "hour", 3, 12, placement_rate=0.35),),
            summary="Skills for independent living, travel training and getting ready "
                    "for work.",
            pattern="Three sessions a week, daytime; some sessions online.",
            age_bands=("18-24", "25-34", "35-44"),
            joined_by=(0, 1, 4), every=5, placement_share=0.20,
        ),
    ),
    criteria=(("quality", "70"), ("cost", "20"), ("social_value", "10")),
    response_days=7,
    term=(12, (12,)),
    need_bands=("low", "medium", "high"),
    funding_routes=("council_arranged", "direct_payment", "direct_payment",
                    "individual_service_fund"),
    # Kent's report: 2021-22 spend £9,547,321 and £1,000,000 of savings identified.
    budgets=(Budget(_pounds("8547321.00"), baseline_annual_spend=_pounds("9547321.00"),
                    savings_target=_pounds("1000000.00")),),
    placements=640,
    reprocure_share=0.03,
)

SEFTON = Seed(
    key="sefton",
    title="Sefton",
    example="sefton-supported-living",
    organisation="sefton-mbc",
    buyers=("Sefton Metropolitan Borough Council", "NHS South Sefton CCG",
            "NHS Southport and Formby CCG"),
    districts=("L20", "L21", "L22", "L23", "L30", "L31", "L37", "L38", "PR8", "PR9"),
    places=("Mersey", "Southport", "Crosby", "Formby", "Bootle", "Maghull", "Ainsdale",
            "Litherland", "Birkdale", "Waterloo", "Netherton", "Hightown"),
    trades=("Support", "Living", "Care Partnership"),
    number_base=43_000_000,
    providers=24,
    providers_each_year=2,
    call_offs=12,
    direct_call_offs_first_year=30,
    direct_call_offs=6,
    lots=(
        LotPlan(
            code="SL", share=1.0,
            elements=(Element("support", "hour", 20, 56),),
            summary="Supported living in a shared house: help with medication, meals and "
                    "the tenancy, and support to take part in the community.",
            pattern="Day support seven days a week.",
            age_bands=("18-24", "25-34", "35-44", "45-54", "55-64", "65-74"),
        ),
    ),
    criteria=(("quality", "95"), ("social_value", "5")),
    response_days=10,
    term=(36, (12, 12)),
    need_bands=("medium", "high"),
    funding_routes=("individual_service_fund", "council_arranged", "council_arranged"),
    fixed_rates={("support", "hour"): "17.90"},
    # The demo's assumption (the report names no figure): £1.5m in the first year, 80 % the
    # council's, and £600,000 more each year after.
    budgets=(
        Budget(_pounds("1500000.00"), growth=_pounds("600000.00")),
        Budget(_pounds("1200000.00"), buyer="Sefton Metropolitan Borough Council",
               growth=_pounds("480000.00")),
        Budget(_pounds("150000.00"), buyer="NHS South Sefton CCG", growth=_pounds("60000.00")),
        Budget(_pounds("150000.00"), buyer="NHS Southport and Formby CCG",
               growth=_pounds("60000.00")),
    ),
    joint_share=0.25,
    ccg_of={**dict.fromkeys(("L20", "L21", "L22", "L23", "L30", "L31"),
                            "NHS South Sefton CCG"),
            **dict.fromkeys(("L37", "L38", "PR8", "PR9"), "NHS Southport and Formby CCG")},
)

SEEDS: tuple[Seed, ...] = (STAFFORDSHIRE, KENT, SEFTON)
