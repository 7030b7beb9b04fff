"""Query-string handling for the internal HTTP gateway."""

from urllib.parse import quote_plus, unquote_plus

QueryParams = dict[str, list[str]]


def parse_query_string(query: str) -> QueryParams:
    """Parse ``a=1&b=2&a=3`` into ``{"a": ["1", "3"], "b": ["2"]}``."""
    params: QueryParams = {}
    if query.startswith("?"):
        query = query[1:]
    key = ""
    value = ""
    in_value = False
    i = 0
    while i <= len(query):
        if i == len(query) or query[i] == "&":
            if key != "":
                decoded_key = unquote_plus(key)
                decoded_value = unquote_plus(value)
                if decoded_key in params:
                    params[decoded_key].append(decoded_value)
                else:
                    params[decoded_key] = [decoded_value]
            key = ""
            value = ""
            in_value = False
        elif query[i] == "=" and not in_value:
            in_value = True
        else:
            if in_value:
                value = value + query[i]
            else:
                key = key + query[i]
        i = i + 1
    return params


def build_query_string(params: QueryParams) -> str:
    """Inverse of ``parse_query_string`` (keys in insertion order)."""
    return "&".join(
        f"{quote_plus(key)}={quote_plus(value)}" for key, values in params.items() for value in values
    )


def first_param(params: QueryParams, name: str, default: str | None = None) -> str | None:
    """Return the first value given for ``name``, or ``default``."""
    values = params.get(name)
    return values[0] if values else default
