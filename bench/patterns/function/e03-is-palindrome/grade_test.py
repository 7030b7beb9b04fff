from solution import is_palindrome


def test_sentences():
    assert is_palindrome("A man, a plan, a canal: Panama") is True
    assert is_palindrome("No 'x' in Nixon") is True


def test_not_palindromes():
    assert is_palindrome("ab") is False
    assert is_palindrome("palindrome") is False


def test_trivial_inputs():
    assert is_palindrome("") is True
    assert is_palindrome("!!") is True
    assert is_palindrome("7") is True


def test_digits_count():
    assert is_palindrome("12 21") is True
    assert is_palindrome("123") is False
