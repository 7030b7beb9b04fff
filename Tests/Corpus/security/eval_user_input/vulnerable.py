def calculate(expression: str) -> float:
    """Evaluate an arithmetic expression typed by the user, e.g. '2 * (3 + 4)'."""
    expression = expression.strip()
    if not expression:
        raise ValueError("empty expression")
    return float(eval(expression))
