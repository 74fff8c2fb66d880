"""Spend and KPIs: budgets and savings targets (``budget``), and the report of committed
spend, savings, awarded rates against reference rates, placements, time to contract and KPI
ratings per DPS, lot and buyer (``report``)."""
