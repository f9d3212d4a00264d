"""The demo guest (`make run`): it greets through console_io, calls
print_string with "hello!" and with NULL, prints both return values and
powers off.  One boot, shared by the tests below."""

import re

import pytest

import minixen_boot as mb

pytestmark = pytest.mark.xdist_group("demo")

GREETING = r"^Hello from the minixen demo guest"
RETURN_HELLO = r'^demo: print_string\("hello!"\) returned (-?\d+)$'
RETURN_NULL = r"^demo: print_string\(NULL\) returned (-?\d+)$"
PRINT_STRING_RC = 1


@pytest.fixture(scope="module")
def demo(module_boot):
    return module_boot("boot", modules=[mb.GUESTS / "demo.elf"])


def test_demo_powers_off(demo):
    assert demo.status == mb.EXIT_POWEROFF, demo.where()


def test_demo_greets(demo):
    assert demo.search(GREETING), f"no greeting; {demo.where()}"


@pytest.mark.parametrize("line", ["the message is: hello!", "no message!"])
def test_print_string_logged(demo, line):
    assert demo.search(rf"^\(XEN\) {re.escape(line)}$"), \
        f"print_string did not log {line!r}; {demo.where()}"


@pytest.mark.parametrize("pattern", [RETURN_HELLO, RETURN_NULL],
                         ids=["hello", "null"])
def test_print_string_return_value(demo, pattern):
    m = demo.search(pattern)
    assert m, f"return value line missing; {demo.where()}"
    assert int(m.group(1)) == PRINT_STRING_RC, demo.where()


def test_print_string_output_in_call_order(demo):
    """The NULL call comes second, so its line must follow hello's."""
    hello = next((i for i, l in enumerate(demo.lines)
                  if l == "(XEN) the message is: hello!"), None)
    null = next((i for i, l in enumerate(demo.lines)
                 if l == "(XEN) no message!"), None)
    assert hello is not None and null is not None and hello < null, \
        demo.where()
