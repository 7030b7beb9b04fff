"""Shipping quotes for the web shop checkout."""

BASE_RATE = {"domestic": 4.5, "eu": 11.0, "world": 24.0}
PER_KG = {"domestic": 0.8, "eu": 2.2, "world": 4.5}
MAX_PARCEL_KG = 30.0
FREE_SHIPPING_THRESHOLD = 50.0
EXPRESS_FEE = {"domestic": 6.0, "eu": 9.0, "world": 20.0}
DELIVERY_DAYS = {"domestic": (1, 3), "eu": (3, 7), "world": (7, 21)}


def shipping_cost(
    weight_kg: float,
    zone: str,
    order_value: float,
    express: bool = False,
    member: bool = False,
) -> float:
    """Return the shipping price for one parcel, rounded to cents."""
    if weight_kg > 0:
        if zone in BASE_RATE:
            if weight_kg <= MAX_PARCEL_KG:
                if member and zone == "domestic" and order_value >= FREE_SHIPPING_THRESHOLD:
                    cost = 0.0
                else:
                    cost = BASE_RATE[zone] + PER_KG[zone] * weight_kg
                if express:
                    if zone == "world":
                        cost = cost + EXPRESS_FEE["world"]
                    elif zone == "eu":
                        cost = cost + EXPRESS_FEE["eu"]
                    else:
                        cost = cost + EXPRESS_FEE["domestic"]
                return round(cost, 2)
            else:
                raise ValueError(f"parcels over {MAX_PARCEL_KG} kg must go by freight")
        else:
            raise ValueError(f"unknown zone: {zone!r}")
    else:
        raise ValueError("weight must be positive")


def delivery_window(zone: str, express: bool = False) -> tuple[int, int]:
    """Return the (min, max) delivery days; express halves both, rounding up."""
    low, high = DELIVERY_DAYS[zone]
    if express:
        return (-(-low // 2), -(-high // 2))
    return (low, high)
