import pytest

from solution import Stack


def test_last_in_first_out():
    stack = Stack()
    stack.push(1)
    stack.push("two")
    assert stack.peek() == "two"
    assert len(stack) == 2
    assert stack.pop() == "two"
    assert stack.pop() == 1
    assert stack.is_empty()


def test_none_can_be_pushed():
    stack = Stack()
    stack.push(None)
    assert len(stack) == 1 and not stack.is_empty()
    assert stack.pop() is None


def test_empty_stack_errors():
    stack = Stack()
    assert len(stack) == 0
    with pytest.raises(IndexError):
        stack.pop()
    with pytest.raises(IndexError):
        stack.peek()
