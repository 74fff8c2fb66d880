"""The contracts domain: approval under the scheme of delegation, award, standstill, offers,
contracts and publication (next issues).

Awards read the buyers, the regime and the DPS's current term from the known-DPS copy
(``shared.dpsview``), kept in this service's store.
"""
