"""The import contracts, checked on grimp's graph of the imports (every ``import`` statement,
including those inside functions and under ``TYPE_CHECKING``):

1. services never import each other (each service's package imports only itself, ``shared``
   and third-party packages; ``shared`` imports no service);
2. domain modules (``services/*/domain`` and the pure shared modules) import, directly or
   through anything they import, none of the web, SQL or messaging frameworks;
3. no import cycles anywhere in the packages checked.

``violations(...)`` returns one line per broken contract, so a test can assert ``== []`` and
show every break at once; it is used on the project and on small packages made to break.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import grimp

#: Frameworks a domain module may not reach.
FORBIDDEN_IN_DOMAIN = ("sqlalchemy", "fastapi", "starlette", "faststream", "nats", "httpx")
#: The shared modules that are domain (pure): the rest of ``shared`` is plumbing.
PURE_SHARED = (
    "shared.actors", "shared.errors", "shared.events", "shared.domain", "shared.regimes",
    "shared.clock", "shared.workdays", "shared.identity",
)


def build(*packages: str) -> grimp.ImportGraph:
    return grimp.build_graph(*packages, include_external_packages=True, cache_dir=None)


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _line(graph: grimp.ImportGraph, importer: str, imported: str) -> str:
    details = graph.get_import_details(importer=importer, imported=imported)
    where = f" (line {details[0]['line_number']})" if details else ""
    return f"{importer} imports {imported}{where}"


def cross_service_imports(
    graph: grimp.ImportGraph, services: Sequence[str], shared: str | None = None
) -> list[str]:
    """Each service imports no other service; ``shared`` imports no service."""
    out = []
    owners = [*services, *([shared] if shared else [])]
    for owner in owners:
        others = [s for s in services if s != owner]
        for module in sorted(m for m in graph.modules if _in(m, owner)):
            for imported in sorted(graph.find_modules_directly_imported_by(module)):
                if any(_in(imported, other) for other in others):
                    out.append("services never import each other: " +
                               _line(graph, module, imported))
    return out


def domain_framework_imports(
    graph: grimp.ImportGraph, domains: Iterable[str],
    forbidden: Sequence[str] = FORBIDDEN_IN_DOMAIN,
) -> list[str]:
    """No domain module reaches a framework, directly or through what it imports."""
    out = []
    for domain in domains:
        modules = sorted(m for m in graph.modules if _in(m, domain))
        for module in modules:
            reached = graph.find_upstream_modules(module) | graph.find_modules_directly_imported_by(
                module
            )
            for framework in forbidden:
                if framework in reached:
                    chain = graph.find_shortest_chain(importer=module, imported=framework) or []
                    out.append(f"domain imports no {framework}: " + " -> ".join(chain))
    return out


def cycles(graph: grimp.ImportGraph, packages: Sequence[str]) -> list[str]:
    """Every import cycle among the modules of ``packages`` (strongly connected components
    of more than one module, or a module importing itself)."""
    nodes = sorted(m for m in graph.modules if any(_in(m, p) for p in packages))
    inside = set(nodes)
    edges = {m: sorted(i for i in graph.find_modules_directly_imported_by(m) if i in inside)
             for m in nodes}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    # Tarjan's algorithm, iteratively (no recursion limit on a large graph).
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges[node]:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return ["no import cycles: " + " <-> ".join(c) for c in sorted(found)]


def violations(
    *, services: Sequence[str], shared: str, domains: Sequence[str]
) -> list[str]:
    graph = build(*sorted({p.split(".")[0] for p in [shared, *services]}))
    return [
        *cross_service_imports(graph, services, shared),
        *domain_framework_imports(graph, domains),
        *cycles(graph, [shared, *services]),
    ]
