"""graders.isolation.cgroups: per-worker limits the kernel enforces, a kill that cannot hit a reused
pid, and a uid pool that concurrent graders share. Needs root and cgroup v1 hierarchies (skipped
otherwise); every child here is a small Python process or a sleep."""

import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from graders.isolation import cgroups

MiB = 2**20
ROOT = Path(__file__).resolve().parent.parent
REASON = cgroups.unavailable()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"no per-worker cgroups: {REASON}")


@pytest.fixture
def make_cgroup():
    """WorkerCgroup.create under a leased name, as a grader does; all removed after the test."""
    made = []

    def make(memory_bytes: int = 256 * MiB, max_pids: int = 64) -> cgroups.WorkerCgroup:
        lease = cgroups.lease_uid()
        cgroup = cgroups.WorkerCgroup.create(lease.cgroup_name, memory_bytes, max_pids)
        made.append((lease, cgroup))
        return cgroup

    yield make
    for lease, cgroup in made:
        cgroup.remove()
        lease.release()


@pytest.fixture
def start():
    """Start Python running `code` inside `cgroup`: the child waits for a line on stdin until
    it has been added, so nothing it does escapes the cgroup."""
    started = []

    def run(cgroup: cgroups.WorkerCgroup, code: str) -> subprocess.Popen:
        waiting = "import sys\nsys.stdin.readline()\n"
        child = subprocess.Popen(
            [sys.executable, "-c", waiting + textwrap.dedent(code)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(child)
        cgroup.add(child.pid)
        child.stdin.write("go\n")
        child.stdin.flush()
        return child

    yield run
    for child in started:
        child.kill()
        child.wait()
        child.stdin.close()
        child.stdout.close()


def test_memfd_pages_count_against_the_memory_limit(make_cgroup, start):
    cgroup = make_cgroup(memory_bytes=64 * MiB)
    assert not cgroup.memory_exceeded()
    child = start(
        cgroup,
        """
        import os
        fd = os.memfd_create("fill")
        chunk = b"x" * 2**20
        for _ in range(128):
            os.write(fd, chunk)
        print("all written")
        """,
    )
    assert child.wait(timeout=10) != 0  # OOM-killed (-9) or a failed write
    assert "all written" not in child.stdout.read()
    assert cgroup.memory_exceeded()


def test_pids_max_bounds_a_fork_loop(make_cgroup, start):
    cgroup = make_cgroup(max_pids=10)
    child = start(
        cgroup,
        """
        import os, time
        made = 0
        for _ in range(50):
            try:
                pid = os.fork()
            except OSError:  # EAGAIN: pids.max reached
                continue
            if pid == 0:
                time.sleep(60)
                os._exit(0)
            made += 1
        print(made, flush=True)
        time.sleep(60)
        """,
    )
    assert int(child.stdout.readline()) == 9  # the child itself is the tenth
    assert len(cgroup.pids()) == 10


def own_cpu_seconds(pid: int) -> float:
    """utime + stime from /proc/<pid>/stat (fields 14 and 15, after the command in brackets)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_cpu_seconds_follow_a_busy_child(make_cgroup, start):
    cgroup = make_cgroup()
    child = start(
        cgroup,
        """
        import time
        while time.process_time() < 0.5:
            pass
        print("done", flush=True)
        sys.stdin.readline()
        """,
    )
    time.sleep(0.15)
    during = cgroup.cpu_seconds()
    assert child.stdout.readline() == "done\n"
    after, own = cgroup.cpu_seconds(), own_cpu_seconds(child.pid)
    assert 0 < during < after
    assert abs(after - own) <= 0.2 * own


@pytest.mark.parametrize("killer", [cgroups.UNIFIED, "freezer"])
def test_kill_all_reaches_sessions_and_daemons_only_inside(killer, make_cgroup, start, monkeypatch):
    if killer == cgroups.UNIFIED and cgroups._killer() != cgroups.UNIFIED:
        pytest.skip("no cgroup.kill here")
    if killer not in cgroups._own_cgroups():
        pytest.skip(f"no {killer} hierarchy here")
    monkeypatch.setattr(cgroups, "_killer", lambda: killer)
    cgroup = make_cgroup()
    assert killer in cgroup.paths
    child = start(
        cgroup,
        """
        import os, time
        if os.fork() == 0:  # a grandchild in a session of its own
            os.setsid()
            time.sleep(60)
            os._exit(0)
        if os.fork() == 0:  # a daemon: forks again and exits, so that init adopts the last one
            os.setsid()
            if os.fork() == 0:
                time.sleep(60)
            os._exit(0)
        time.sleep(60)
        """,
    )
    bystander = subprocess.Popen(["/bin/sleep", "60"])
    deadline = time.monotonic() + 5
    while len(cgroup.pids()) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(cgroup.pids()) == 3  # the child, its setsid grandchild and the daemon
    cgroup.kill_all()
    assert cgroup.pids() == []
    assert child.wait(timeout=5) == -signal.SIGKILL
    assert bystander.poll() is None
    bystander.kill()
    bystander.wait()


HOLDER = """
import os, sys, time
from graders.isolation import cgroups
lease = cgroups.lease_uid()
print(lease.uid, flush=True)
if sys.argv[1:] == ["leave-a-process"]:  # as a crashed grader's worker would: its own uid
    pid = os.fork()
    if pid == 0:
        os.closerange(3, 1024)  # a worker keeps no descriptor of the grader's, the lock's included
        os.setresuid(lease.uid, lease.uid, lease.uid)
        time.sleep(60)
        os._exit(0)
    print(pid, flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def hold_lease():
    """Start a process that takes a lease and holds it until killed; returns it with its uid."""
    holders = []

    def hold(*args: str) -> tuple[subprocess.Popen, int]:
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, *args],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        holders.append(holder)
        return holder, int(holder.stdout.readline())

    yield hold
    for holder in holders:
        holder.kill()
        holder.wait()
        holder.stdin.close()
        holder.stdout.close()


def leases_up_to(uid: int) -> list[cgroups.Lease]:
    """Leases taken until one has `uid` or a higher one (lease_uid takes the lowest free uid)."""
    taken = [cgroups.lease_uid()]
    while taken[-1].uid < uid:
        taken.append(cgroups.lease_uid())
    return taken


def release(leases: list[cgroups.Lease]) -> None:
    for lease in leases:
        lease.release()


def test_leases_are_never_shared_and_free_again_after_release_or_death(hold_lease):
    with ThreadPoolExecutor(3) as pool:  # two holder processes and four leases here, all at once
        holding = pool.submit(lambda: [hold_lease() for _ in range(2)])
        leases = list(pool.map(lambda _: cgroups.lease_uid(), range(4)))
        holders = holding.result()
    uids = [lease.uid for lease in leases] + [uid for _, uid in holders]
    assert len(set(uids)) == len(uids)
    assert all(cgroups.UID_BASE <= uid < cgroups.UID_BASE + cgroups.POOL_SIZE for uid in uids)

    released = leases[0].uid
    leases[0].release()
    leases[0].release()  # idempotent
    again = leases_up_to(released)
    assert again[-1].uid == released
    release(again + leases)

    holder, dead = holders[0]
    holder.kill()
    holder.wait()
    again = leases_up_to(dead)
    assert again[-1].uid == dead
    release(again)


def test_a_uid_left_running_by_a_dead_holder_is_passed_over(hold_lease):
    holder, uid = hold_lease("leave-a-process")
    leftover = os.pidfd_open(int(holder.stdout.readline()))  # its parent, alive, has not reaped it
    try:
        deadline = time.monotonic() + 5
        while not cgroups._runs_as(uid) and time.monotonic() < deadline:
            time.sleep(0.01)
        holder.kill()
        holder.wait()
        taken = leases_up_to(uid)
        release(taken)
        assert uid not in [lease.uid for lease in taken]
    finally:
        signal.pidfd_send_signal(leftover, signal.SIGKILL)
        select.select([leftover], [], [], 5)  # a pidfd is readable once its process has exited
        os.close(leftover)
    taken = leases_up_to(uid)
    release(taken)
    assert taken[-1].uid == uid


def test_remove_leaves_nothing_and_spares_other_workers(make_cgroup, start):
    first, second = make_cgroup(), make_cgroup()
    start(first, "import time\ntime.sleep(60)\n")
    first.remove()
    assert not any(path.exists() for path in first.paths.values())
    assert all(path.is_dir() for path in second.paths.values())
    first.remove()  # idempotent
    second.remove()
    assert not any(path.exists() for path in second.paths.values())


def test_a_leftover_of_the_same_name_is_replaced(make_cgroup, start):
    stale = make_cgroup()
    child = start(stale, "import time\ntime.sleep(60)\n")
    fresh = cgroups.WorkerCgroup.create(stale.name, 64 * MiB, 16)  # as after a grader's crash
    assert child.wait(timeout=5) == -signal.SIGKILL
    assert fresh.pids() == [] and fresh.paths == stale.paths
