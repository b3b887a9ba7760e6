"""The region: its municipalities (listed or generated) on a networkx graph.

Nodes are integer municipality indices (Mesa's network drawing indexes positions by node id)
with the key, names and coordinates as attributes; edges join municipalities closer than
``region.commute_km`` and carry the distance. Neighbours commute, shop and move to each other;
everything farther is reached only through Outside.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from ..scenario.schema import GeneratedRegion, MunicipalitySpec, Scenario

__all__ = ["municipality_specs", "build_graph", "Neighbours", "haversine_km"]

EARTH_RADIUS_KM = 6371.0  # mean Earth radius (a geometric constant, not a model parameter)


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km between points given in degrees."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


def _generated(g: GeneratedRegion) -> dict[str, MunicipalitySpec]:
    """Sizes log-normal around the mean, places uniform in a square near Tokachi."""
    rng = np.random.default_rng(g.seed)
    weights = rng.lognormal(0.0, g.size_spread, g.municipalities)
    sizes = np.maximum(1, np.floor(weights / weights.sum() * g.population)).astype(np.int64)
    sizes[np.argmax(sizes)] += g.population - int(sizes.sum())
    km_per_deg_lat = np.pi * EARTH_RADIUS_KM / 180
    lat0, lon0 = 42.9, 143.2
    xy = rng.uniform(0, g.extent_km, (g.municipalities, 2))
    lat = lat0 + (xy[:, 1] - g.extent_km / 2) / km_per_deg_lat
    lon = lon0 + (xy[:, 0] - g.extent_km / 2) / (km_per_deg_lat * np.cos(np.radians(lat0)))
    width = len(str(g.municipalities))
    return {
        f"m{i:0{width}d}": MunicipalitySpec(population=int(sizes[i]), lat=lat[i], lon=lon[i])
        for i in range(g.municipalities)
    }


def municipality_specs(scenario: Scenario) -> dict[str, MunicipalitySpec]:
    """The scenario's municipalities in a fixed order (as listed, or generated)."""
    if scenario.generate is not None:
        return _generated(scenario.generate)
    return dict(scenario.municipalities)


def build_graph(specs: dict[str, MunicipalitySpec], commute_km: float) -> nx.Graph:
    graph = nx.Graph()
    keys = list(specs)
    for i, key in enumerate(keys):
        s = specs[key]
        graph.add_node(i, key=key, name_ja=s.name_ja, pos=(s.lon, s.lat), population=s.population)
    lat = np.array([specs[k].lat for k in keys])
    lon = np.array([specs[k].lon for k in keys])
    dist = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    rows, cols = np.nonzero(np.triu(dist <= commute_km, k=1))
    edges = zip(rows.tolist(), cols.tolist(), strict=True)
    graph.add_edges_from((i, j, {"km": float(dist[i, j])}) for i, j in edges)
    return graph


class Neighbours:
    """The graph's adjacency as flat arrays (CSR) for vectorized choices of a neighbour."""

    def __init__(self, graph: nx.Graph) -> None:
        n = graph.number_of_nodes()
        lists = [sorted(graph.neighbors(i)) for i in range(n)]
        self.offsets = np.zeros(n + 1, dtype=np.int64)
        self.offsets[1:] = np.cumsum([len(x) for x in lists])
        self.targets = np.array([j for x in lists for j in x], dtype=np.int64)
        self.sources = np.repeat(np.arange(n), np.diff(self.offsets))
        self.degree = np.diff(self.offsets)
        self.adjacent = np.eye(n, dtype=bool)  # at most 1,741 x 1,741
        self.adjacent[self.sources, self.targets] = True

    def within_reach(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """True where municipality a is b or one of its neighbours."""
        return self.adjacent[a, b]
