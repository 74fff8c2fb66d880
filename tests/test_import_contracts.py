"""The import contracts hold for the project, and the checker catches each kind of break."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import pytest

from shared.localrun import SERVICES
from tests.support.imports import PURE_SHARED, build, cycles, violations

SERVICE_PACKAGES = [f"services.{name}" for name in SERVICES]


def _domains() -> list[str]:
    graph = build("services")
    found = [f"{s}.domain" for s in SERVICE_PACKAGES if f"{s}.domain" in graph.modules]
    assert "services.registry.domain" in found
    return [*found, *PURE_SHARED]


def test_services_import_no_other_service_domains_no_framework_and_nothing_cycles():
    assert violations(services=SERVICE_PACKAGES, shared="shared", domains=_domains()) == []


def test_the_registry_dps_aggregate_is_layered_one_way():
    graph = build("services")
    assert cycles(graph, ["services.registry"]) == []
    core = "services.registry.domain.dps_core"
    upstream = graph.find_upstream_modules(core)
    assert not upstream & {"services.registry.domain.dps", "services.registry.domain.dps_setup",
                           "services.registry.domain.dps_windows"}


# --- the checker fails on a break: small packages made to break -----------------------------


@pytest.fixture
def make_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.syspath_prepend(str(tmp_path))
    made: list[str] = []

    def make(root: str, files: dict[str, str]) -> None:
        for relative, source in files.items():
            path = tmp_path / root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(source))
        made.append(root)
        importlib.invalidate_caches()

    yield make
    for root in made:
        for name in [m for m in sys.modules if m == root or m.startswith(root + ".")]:
            del sys.modules[name]


def _tiny(root: str, **extra: str) -> dict[str, str]:
    files = {
        "__init__.py": "",
        "kit/__init__.py": "",
        "kit/errors.py": "class Refused(Exception): ...\n",
        "one/__init__.py": "",
        "one/domain/__init__.py": "",
        "one/domain/model.py": f"from {root}.kit.errors import Refused\n",
        "one/api.py": f"from {root}.one.domain.model import Refused\n",
        "two/__init__.py": "",
        "two/domain.py": f"from {root}.kit.errors import Refused\n",
    }
    files.update(extra)
    return files


def _check(root: str) -> list[str]:
    return violations(
        services=[f"{root}.one", f"{root}.two"], shared=f"{root}.kit",
        domains=[f"{root}.one.domain", f"{root}.two.domain"],
    )


def test_the_checker_passes_a_package_that_keeps_the_contracts(make_package):
    make_package("tidy_pkg", _tiny("tidy_pkg"))
    assert _check("tidy_pkg") == []


def test_the_checker_fails_on_a_cycle_hidden_in_a_function(make_package):
    make_package("cyclic_pkg", _tiny(
        "cyclic_pkg",
        **{
            "one/domain/model.py": "from cyclic_pkg.one.domain import parts\n",
            "one/domain/parts.py": (
                "def lot():\n    from cyclic_pkg.one.domain import model\n    return model\n"
            ),
        },
    ))
    [found] = _check("cyclic_pkg")
    assert found == ("no import cycles: cyclic_pkg.one.domain.model <-> "
                     "cyclic_pkg.one.domain.parts")


def test_the_checker_fails_on_a_cycle_under_type_checking(make_package):
    make_package("typed_pkg", _tiny(
        "typed_pkg",
        **{
            "kit/errors.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                "    from typed_pkg.kit import tokens\nclass Refused(Exception): ...\n"
            ),
            "kit/tokens.py": "from typed_pkg.kit.errors import Refused\n",
        },
    ))
    assert _check("typed_pkg") == [
        "no import cycles: typed_pkg.kit.errors <-> typed_pkg.kit.tokens"
    ]


def test_the_checker_fails_on_a_cross_service_import(make_package):
    make_package("crossing_pkg", _tiny(
        "crossing_pkg", **{"two/api.py": "from crossing_pkg.one.domain.model import Refused\n"},
    ))
    [found] = _check("crossing_pkg")
    assert found.startswith("services never import each other: crossing_pkg.two.api imports"
                            " crossing_pkg.one.domain.model")


def test_the_checker_fails_on_a_domain_reaching_a_framework_through_another_module(
    make_package,
):
    make_package("leaky_pkg", _tiny(
        "leaky_pkg",
        **{
            "kit/paging.py": "import sqlalchemy\n",
            "two/domain.py": "from leaky_pkg.kit import paging\n",
        },
    ))
    assert _check("leaky_pkg") == [
        "domain imports no sqlalchemy: leaky_pkg.two.domain -> leaky_pkg.kit.paging -> sqlalchemy"
    ]
