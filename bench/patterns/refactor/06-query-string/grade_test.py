from query_params import parse_query_string


def test_basic_pairs():
    assert parse_query_string("a=1&b=2") == {"a": ["1"], "b": ["2"]}


def test_repeated_keys_keep_order():
    assert parse_query_string("tag=x&page=2&tag=y&tag=x") == {"tag": ["x", "y", "x"], "page": ["2"]}


def test_leading_question_mark_stripped_once():
    assert parse_query_string("?q=shoes") == {"q": ["shoes"]}
    assert parse_query_string("??q=1") == {"?q": ["1"]}


def test_empty_inputs():
    assert parse_query_string("") == {}
    assert parse_query_string("?") == {}
    assert parse_query_string("&&") == {}


def test_key_without_equals_gets_empty_value():
    assert parse_query_string("debug&x=1") == {"debug": [""], "x": ["1"]}
    assert parse_query_string("flag=") == {"flag": [""]}


def test_empty_key_pieces_are_skipped():
    assert parse_query_string("=orphan&a=1&=") == {"a": ["1"]}


def test_only_first_equals_splits():
    assert parse_query_string("expr=a=b==c") == {"expr": ["a=b==c"]}


def test_percent_and_plus_decoding():
    assert parse_query_string("q=red+shoes%21&city=S%C3%A3o+Paulo") == {
        "q": ["red shoes!"],
        "city": ["São Paulo"],
    }


def test_keys_are_decoded_and_merged():
    assert parse_query_string("a%20b=1&a+b=2") == {"a b": ["1", "2"]}


def test_encoded_separators_stay_in_values():
    assert parse_query_string("next=%2Fcart%3Fid%3D3%26x%3D1") == {"next": ["/cart?id=3&x=1"]}


def test_key_that_decodes_to_empty_is_still_kept():
    assert parse_query_string("%20=1") == {" ": ["1"]}
