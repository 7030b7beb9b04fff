import pytest

from solution import CsvSchema, SchemaError


SCHEMA = {"id": int, "price": float, "name": str, "active": bool}


def test_valid_rows_are_converted():
    text = "id,price,name,active\n1,9.99,Widget,true\n2,0.5,Gadget,0\n"
    assert CsvSchema(SCHEMA).validate(text) == [
        {"id": 1, "price": 9.99, "name": "Widget", "active": True},
        {"id": 2, "price": 0.5, "name": "Gadget", "active": False},
    ]


def test_types_of_values():
    row = CsvSchema(SCHEMA).validate("id,price,name,active\n7,3,x,1\n")[0]
    assert type(row["id"]) is int
    assert type(row["price"]) is float
    assert type(row["name"]) is str
    assert row["active"] is True


def test_bool_is_case_insensitive():
    text = "flag\nTRUE\nFalse\n1\n0\ntrue\n"
    rows = CsvSchema({"flag": bool}).validate(text)
    assert [r["flag"] for r in rows] == [True, False, True, False, True]


def test_extra_columns_ignored_and_any_column_order():
    text = "note,active,name,price,id,extra\nhello,false,Bolt,1.25,42,zzz\n"
    assert CsvSchema(SCHEMA).validate(text) == [{"id": 42, "price": 1.25, "name": "Bolt", "active": False}]


def test_quoted_values():
    text = 'id,name\n1,"Smith, John"\n'
    assert CsvSchema({"id": int, "name": str}).validate(text) == [{"id": 1, "name": "Smith, John"}]


def test_header_only_gives_no_rows():
    assert CsvSchema(SCHEMA).validate("id,price,name,active\n") == []


def test_missing_column():
    with pytest.raises(SchemaError) as info:
        CsvSchema(SCHEMA).validate("id,price,name\n1,2.0,x\n")
    assert info.value.row == 0
    assert info.value.column == "active"


def test_bad_value_reports_row_and_column():
    text = "id,price,name,active\n1,1.0,a,true\n2,1.0,b,false\nthree,1.0,c,true\n"
    with pytest.raises(SchemaError) as info:
        CsvSchema(SCHEMA).validate(text)
    assert info.value.row == 3
    assert info.value.column == "id"


def test_bad_bool_and_float():
    with pytest.raises(SchemaError) as info:
        CsvSchema({"active": bool}).validate("active\nyes\n")
    assert (info.value.row, info.value.column) == (1, "active")
    with pytest.raises(SchemaError) as info:
        CsvSchema({"price": float}).validate("price\n1.5\nabc\n")
    assert (info.value.row, info.value.column) == (2, "price")


def test_schema_error_is_value_error():
    assert issubclass(SchemaError, ValueError)


def test_unsupported_type_rejected():
    with pytest.raises(TypeError):
        CsvSchema({"when": list})
