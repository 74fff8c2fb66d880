"""The registry's use cases: a command, a unit of work, the clock and the acting person in;
``async with uow:`` load, call the domain, ``await uow.commit()``.

``dps`` and ``setup``: a DPS's life and what is set up inside it; ``providers``;
``applications`` (and admission); ``memberships`` (and re-declaration); ``queries``: reads,
narrowed to what the caller may see; ``ticker``: what the passing of time does.
"""
