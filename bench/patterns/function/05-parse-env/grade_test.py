import pytest

from solution import parse_env


def test_basic_pairs_comments_and_blank_lines():
    text = "# database settings\n\nDB_HOST=localhost\n   # indented comment\nDB_PORT=5432\n"
    assert parse_env(text) == {"DB_HOST": "localhost", "DB_PORT": "5432"}


def test_export_prefix_and_whitespace():
    text = "export API_KEY = abc123  \n  TIMEOUT=  30\n"
    assert parse_env(text) == {"API_KEY": "abc123", "TIMEOUT": "30"}


def test_split_at_first_equals():
    assert parse_env("URL=postgres://u:p@h/db?sslmode=require\n") == {
        "URL": "postgres://u:p@h/db?sslmode=require"
    }


def test_inline_comment_only_after_space_hash():
    text = "COLOR=#ff0000\nNAME=web # the service name\nTAG=a#b\n"
    assert parse_env(text) == {"COLOR": "#ff0000", "NAME": "web", "TAG": "a#b"}


def test_double_quoted_escapes_and_spaces():
    text = 'MSG="  line1\\nline2\\t\\"q\\" \\\\ # not a comment"\n'
    assert parse_env(text) == {"MSG": '  line1\nline2\t"q" \\ # not a comment'}


def test_single_quoted_is_literal():
    text = "RAW='a\\nb # c'\n"
    assert parse_env(text) == {"RAW": "a\\nb # c"}


def test_empty_values():
    assert parse_env('A=\nB=""\nC=\'\'\n') == {"A": "", "B": "", "C": ""}


def test_later_duplicates_override():
    assert parse_env("MODE=dev\nMODE=prod\n") == {"MODE": "prod"}


def test_empty_input():
    assert parse_env("") == {}


def test_invalid_lines_raise_value_error():
    for text in ["JUST_A_WORD\n", "1KEY=x\n", "BAD-KEY=x\n", "=value\n", 'A="unterminated\n', "B='open\n"]:
        with pytest.raises(ValueError):
            parse_env(text)
