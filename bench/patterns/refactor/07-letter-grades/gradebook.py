"""Grade calculations for the course management system."""

from statistics import mean


def weighted_score(scores: dict[str, float], weights: dict[str, float]) -> float:
    """Combine component scores (0-100) using weights that sum to 1."""
    if abs(sum(weights.values()) - 1.0) > 1e-9:
        raise ValueError("weights must sum to 1")
    return round(sum(scores[name] * weight for name, weight in weights.items()), 2)


def letter_grade(score: float) -> str:
    """Map a 0-100 score to a letter grade."""
    if score < 0 or score > 100:
        raise ValueError(f"score must be between 0 and 100: {score}")
    grade = ""
    if score >= 90:
        if score >= 97:
            grade = "A+"
        elif score >= 93:
            grade = "A"
        else:
            grade = "A-"
    elif score >= 80:
        if score >= 87:
            grade = "B+"
        elif score >= 83:
            grade = "B"
        else:
            grade = "B-"
    elif score >= 70:
        if score >= 77:
            grade = "C+"
        elif score >= 73:
            grade = "C"
        else:
            grade = "C-"
    elif score >= 60:
        grade = "D"
    else:
        grade = "F"
    return grade


def class_summary(final_scores: dict[str, float]) -> dict[str, object]:
    """Return the class average and the letter grade of every student."""
    return {
        "average": round(mean(final_scores.values()), 2) if final_scores else None,
        "grades": {student: letter_grade(score) for student, score in final_scores.items()},
    }
