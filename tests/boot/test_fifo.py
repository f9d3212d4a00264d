"""The FIFO event-channel ABI from the guests' side, beside the 2-level one.

One boot (module scoped), two domains running guests/fifo:

- domain 0 in 2-level mode (twolevel=1): offers its first port to
  domain 1, checks that the FIFO commands are refused under the 2-level
  ABI, then answers every ping it gets on the offered port;
- domain 1 (unprivileged) in FIFO mode: init_control, expand_array and
  set_priority with good and bad arguments (Xen 4.17's errno values), a
  port carried over from the 2-level ABI, delivery by priority, masking,
  busy ports, a loopback channel, SCHEDOP_poll, hostile event words,
  EVTCHNOP_reset back to the 2-level ABI and FIFO again; then it binds to
  domain 0's offer and pings it, each ping after the last answer.

Every check each domain prints is one pytest test and is listed below: a
check printed twice or missing from its domain's list fails
test_fifo_no_unlisted_checks.  mm_audit recounts every frame reference
(the FIFO pages included) whenever a domain shuts down, and the memory
check at the end finds every page given back: domain 1 dies with the
FIFO ABI on."""

import pytest

import minixen_boot as mb
from test_mm import (AUDIT_APPEND, EXIT_ALL_POWERED_OFF, assert_check,
                     assert_clean_teardown, assert_no_unlisted_checks,
                     checks_of, verdicts_of)

TWOLEVEL_DOMID = 0
FIFO_DOMID = 1

TWOLEVEL_CHECKS = [
    "pair.offer",
    "twolevel.bind_ipi",
    "twolevel.expand_array",
    "twolevel.set_priority",
    "twolevel.ipi_delivered",
    "twolevel.masked_port_waits",
    "twolevel.unmask",
    "twolevel.unmask_delivers",
    "pair.pings_received",
]

FIFO_CHECKS = [
    "fifo.expand_before_init",
    "fifo.set_priority_2l",
    "fifo.2l_pending_before_switch",
    "fifo.init_bad_vcpu",
    "fifo.init_misaligned_offset",
    "fifo.init_offset_past_page",
    "fifo.init_frame_past_ram",
    "fifo.init_page_table_frame",
    "fifo.init_bad_pointer",
    "fifo.still_2l_after_errors",
    "fifo.init_control",
    "fifo.link_bits",
    "fifo.init_twice",
    "fifo.expand_frame_past_ram",
    "fifo.expand_page_table_frame",
    "fifo.no_event_words_no_queue",
    "fifo.expand_array",
    "fifo.carried_over_linked",
    "fifo.carried_over_delivered",
    "fifo.set_priority_bad_priority",
    "fifo.set_priority_bad_port",
    "fifo.set_priority_closed_port",
    "fifo.set_priority",
    "fifo.ready_bits",
    "fifo.queue_links",
    "fifo.priority_order",
    "fifo.repending_delivers_once",
    "fifo.masked_port_not_delivered",
    "fifo.unmask",
    "fifo.unmask_delivers",
    "fifo.close_linked_port",
    "fifo.linked_port_not_reused",
    "fifo.closed_port_not_delivered",
    "fifo.consumed_port_reused",
    "fifo.loopback_alloc_unbound",
    "fifo.loopback_bind",
    "fifo.loopback_bind_announces",
    "fifo.loopback_send",
    "fifo.loopback_reply",
    "fifo.poll_sees_pending",
    "fifo.hostile_words_contained",
    "fifo.reset",
    "fifo.reset_leaves_fifo",
    "fifo.reset_closed_ports",
    "fifo.set_priority_after_reset",
    "fifo.2l_after_reset",
    "fifo.init_again",
    "fifo.delivery_after_reinit",
    "pair.bind",
    "pair.bind_announces",
    "pair.answers_received",
]

CHECK_LISTS = {TWOLEVEL_DOMID: TWOLEVEL_CHECKS, FIFO_DOMID: FIFO_CHECKS}


@pytest.fixture(scope="module")
def fifo_pair(module_boot):
    return module_boot("fifo_pair", append=AUDIT_APPEND, modules=[
        (mb.GUESTS / "fifo.elf", f"twolevel=1 peer={FIFO_DOMID}"),
        (mb.GUESTS / "fifo.elf", f"domain=fifo memory=8M peer={TWOLEVEL_DOMID}")])


@pytest.mark.xdist_group("fifo_pair")
@pytest.mark.parametrize("name", TWOLEVEL_CHECKS)
def test_twolevel_check(fifo_pair, name):
    assert_check(fifo_pair, TWOLEVEL_DOMID, name)


@pytest.mark.xdist_group("fifo_pair")
@pytest.mark.parametrize("name", FIFO_CHECKS)
def test_fifo_check(fifo_pair, name):
    assert_check(fifo_pair, FIFO_DOMID, name)


@pytest.mark.xdist_group("fifo_pair")
def test_fifo_no_unlisted_checks(fifo_pair):
    assert_no_unlisted_checks(fifo_pair, CHECK_LISTS)


@pytest.mark.xdist_group("fifo_pair")
def test_fifo_pair_run(fifo_pair):
    assert verdicts_of(fifo_pair) == {TWOLEVEL_DOMID: "SUCCESS", FIFO_DOMID: "SUCCESS"}, \
        fifo_pair.where()
    for domid in CHECK_LISTS:
        assert all(ok for _, ok, _ in checks_of(fifo_pair, domid)), fifo_pair.where()
    assert fifo_pair.status == EXIT_ALL_POWERED_OFF, fifo_pair.where()


@pytest.mark.xdist_group("fifo_pair")
def test_fifo_pages_audited_and_returned(fifo_pair):
    audits = [l for l in fifo_pair.lines if "frame table check:" in l]
    assert len(audits) >= 3 and all(l.endswith("OK") for l in audits), fifo_pair.where()
    assert fifo_pair.search(r"^\(XEN\) domain 1: all memory returned"), fifo_pair.where()
    assert_clean_teardown(fifo_pair)
