import pytest

from gradebook import letter_grade


@pytest.mark.parametrize(
    "score, grade",
    [
        (100, "A+"), (97, "A+"), (96.99, "A"), (93, "A"), (92.5, "A-"), (90, "A-"),
        (89.99, "B+"), (87, "B+"), (86, "B"), (83, "B"), (82.9, "B-"), (80, "B-"),
        (79.5, "C+"), (77, "C+"), (76, "C"), (73, "C"), (72, "C-"), (70, "C-"),
        (69.99, "D"), (60, "D"), (59.99, "F"), (0, "F"),
    ],
)
def test_boundaries(score, grade):
    assert letter_grade(score) == grade


def test_integer_and_float_agree():
    assert letter_grade(85) == letter_grade(85.0) == "B"


def test_no_d_plus_or_d_minus():
    grades = {letter_grade(s / 2) for s in range(0, 201)}
    assert not {"D+", "D-", "F+", "F-"} & grades
    assert grades == {"A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D", "F"}


@pytest.mark.parametrize("score", [-0.01, -5, 100.01, 150])
def test_out_of_range_raises(score):
    with pytest.raises(ValueError, match="between 0 and 100"):
        letter_grade(score)


def test_returns_str():
    assert isinstance(letter_grade(75), str)


def test_grade_never_improves_as_score_drops():
    order = ["F", "D", "C-", "C", "C+", "B-", "B", "B+", "A-", "A", "A+"]
    ranks = [order.index(letter_grade(s / 10)) for s in range(1000, -1, -1)]
    assert ranks == sorted(ranks, reverse=True)
