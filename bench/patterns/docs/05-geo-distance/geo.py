"""Distance calculations for the delivery-radius checks."""

import math

EARTH_RADIUS_KM = 6371.0088


def _check_coordinate(lat: float, lon: float) -> None:
    if not -90 <= lat <= 90:
        raise ValueError(f"latitude out of range: {lat}")
    if not -180 <= lon <= 180:
        raise ValueError(f"longitude out of range: {lon}")


def haversine_km(
    lat1: float,
    lon1: float,
    lat2: float,
    lon2: float,
    radius_km: float = EARTH_RADIUS_KM,
) -> float:
    _check_coordinate(lat1, lon1)
    _check_coordinate(lat2, lon2)
    if radius_km <= 0:
        raise ValueError("radius_km must be positive")
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * radius_km * math.asin(min(1.0, math.sqrt(a)))


def within_radius(
    origin: tuple[float, float], point: tuple[float, float], radius_km: float
) -> bool:
    """Return True if ``point`` lies within ``radius_km`` of ``origin`` (inclusive)."""
    return haversine_km(*origin, *point) <= radius_km


def nearest(origin: tuple[float, float], points: dict[str, tuple[float, float]]) -> str:
    """Return the name of the point closest to ``origin``; ValueError if ``points`` is empty."""
    if not points:
        raise ValueError("no points given")
    return min(points, key=lambda name: haversine_km(*origin, *points[name]))
