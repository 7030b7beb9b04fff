from solution import Rectangle


def test_area_and_perimeter():
    rectangle = Rectangle(3, 4)
    assert rectangle.area() == 12
    assert rectangle.perimeter() == 14
    assert rectangle.is_square() is False


def test_square():
    assert Rectangle(2, 2).is_square() is True


def test_fractional_sides():
    assert Rectangle(1.5, 2).area() == 3.0


def test_zero_side():
    assert Rectangle(0, 5).area() == 0
