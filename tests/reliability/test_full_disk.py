"""A full disk and read-only media: a plain message, nothing saved is damaged, reading still works.

Two ways to fill a disk, so the tests run for everyone:
- as root (CI): a real 24 MB tmpfs, filled to the last few hundred KB (ENOSPC);
- always: a child process whose files may not grow (RLIMIT_FSIZE, EFBIG).
Read-only: a folder and file without write permission (as root, run with the
capability that overrides permissions dropped), and, as root, a tmpfs
remounted read-only (real read-only media).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability import checks, papers
from tests.samples import REPO, SAMPLE_PDFS, sample

DISK_CHILD = Path(__file__).with_name("disk_child.py")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file systems and limits")


@contextlib.contextmanager
def tmpfs(folder: Path, size: str):
    """A tmpfs mounted at ``folder`` for the test (root only); skips when mounting is impossible."""
    if not IS_ROOT or not shutil.which("mount"):
        pytest.skip("mounting a small file system needs root (CI runs as root); "
                    "the RLIMIT_FSIZE variant covers this case without it")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()})")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _saved_workspace(path: Path) -> dict:
    """A workspace holding papers and a recommendation typed by hand; returns its snapshot."""
    from desktop.services import recommendations
    from desktop.services.importing import Outcome, import_paths
    from desktop.storage.workspace import open_workspace

    ws = open_workspace(path)
    summary = import_paths(ws, [sample("003"), SAMPLE_PDFS / "dorset-2021-11-19.pdf"])
    assert summary.count(Outcome.IMPORTED) == 2, summary.describe()
    recommendations.add_recommendation(ws, "Improve the quality of supervision.", label="R1")
    ws.close()
    return checks.snapshot(path)


def _run_disk_child(workspace: Path, big: Path, limit: int | None = None) -> list[dict]:
    command = [sys.executable, str(DISK_CHILD), str(workspace), str(big)]
    if limit is not None:
        command.append(str(limit))
    done = subprocess.run(command, capture_output=True, text=True, timeout=300,
                          env=checks.child_env(), cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def _assert_refused_plainly(message: str) -> None:
    text = message.lower()
    assert "nothing was" in text, message  # says that nothing half-done was kept
    assert "full" in text or "disk" in text, message
    assert "unexpected" not in text and "error:" not in text and "operationalerror" not in text, message


def _assert_intact(workspace: Path, before: dict, steps: list[dict]) -> None:
    """Everything saved before is unchanged; what was reported saved is there; no damage."""
    from desktop.storage.workspace import open_workspace

    ws = open_workspace(workspace, create=False)
    try:
        assert checks.integrity_problems(ws.conn) == []
        assert checks.whole_document_problems(ws.conn) == []
    finally:
        ws.close()
    after = checks.snapshot(workspace)
    retitled = any(s["step"] == "edit_document" and s["saved"] for s in steps)
    old_docs = before["documents"][1:] if retitled else before["documents"]
    assert old_docs == [d for d in after["documents"] if d[0] in {o[0] for o in old_docs}]
    assert len(after["documents"]) == len(before["documents"])  # the refused import left nothing
    assert after["passages"] == before["passages"]
    saved = {s["id"]: s["text"] for s in steps if s["step"] == "add_recommendation" and s["saved"]}
    assert after["recommendations"][: len(before["recommendations"])] == before["recommendations"]
    assert {r[0]: r[2] for r in after["recommendations"][len(before["recommendations"]):]} == saved


def _big_paper(folder: Path) -> Path:
    return papers.write_txt(folder, 7001, count=20000)  # about 4 MB of text, 20,000 passages


def _check_full_disk_run(workspace: Path, before: dict, steps: list[dict]) -> None:
    imported = steps[0]
    assert imported["step"] == "import" and imported["outcome"] == "failed", imported
    _assert_refused_plainly(imported["message"])
    refused = [s for s in steps if s["step"] == "add_recommendation" and not s["saved"]]
    assert refused, "the disk never filled up"
    _assert_refused_plainly(refused[0]["message"])
    _assert_intact(workspace, before, steps)


def test_full_disk_by_file_size_limit(tmp_path):
    """No root needed: files may not grow past a limit (EFBIG), as on a full disk."""
    workspace = tmp_path / "papers.sqlite"
    before = _saved_workspace(workspace)
    largest = max(p.stat().st_size for p in tmp_path.glob("papers.sqlite*"))
    steps = _run_disk_child(workspace, _big_paper(tmp_path), limit=largest + 256 * 1024)
    _check_full_disk_run(workspace, before, steps)


def test_full_disk_on_a_real_small_file_system(tmp_path):
    """Root: a 24 MB tmpfs filled up but for 384 KB (ENOSPC); afterwards, freeing space is enough."""
    big = _big_paper(tmp_path)
    with tmpfs(tmp_path / "disk", "24m") as disk:
        workspace = disk / "papers.sqlite"
        before = _saved_workspace(workspace)
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        filler = disk / "filler"
        with filler.open("wb") as handle:
            handle.truncate(0)
            handle.write(b"\0" * max(0, free - 384 * 1024))
        steps = _run_disk_child(workspace, big)
        _check_full_disk_run(workspace, before, steps)

        # Space freed: the same workspace takes the same import whole.
        filler.unlink()
        from desktop.services.importing import Outcome, import_paths
        from desktop.storage.workspace import open_workspace

        ws = open_workspace(workspace, create=False)
        try:
            assert import_paths(ws, [big]).outcomes[0].outcome is Outcome.IMPORTED
            assert checks.integrity_problems(ws.conn) == []
            assert checks.whole_document_problems(ws.conn) == []
        finally:
            ws.close()


# -- read-only ----------------------------------------------------------------

def _without_permission_override() -> list[str]:
    """A command prefix under which root obeys file permissions (setpriv drops CAP_DAC_OVERRIDE)."""
    if not IS_ROOT:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("as root, permissions are ignored; setpriv (util-linux) is needed to drop that")
    probe = subprocess.run([setpriv, "--bounding-set=-dac_override,-dac_read_search", "true"],
                           capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot drop CAP_DAC_OVERRIDE here, so root would write anyway")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def _cli(prefix: list[str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, timeout=120, cwd=REPO, env=checks.child_env())


def _file_digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def _assert_reads_but_refuses_writes(prefix: list[str], workspace: Path, before: dict) -> None:
    listed = _cli(prefix, "documents", "--workspace", str(workspace), "--json")
    assert listed.returncode == 0, listed.stderr
    assert [d["id"] for d in json.loads(listed.stdout)] == [d[0] for d in before["documents"]]
    found = _cli(prefix, "search", "--workspace", str(workspace), "--json", "supervision")
    assert found.returncode == 0 and json.loads(found.stdout), found.stderr
    shown = _cli(prefix, "show", "--workspace", str(workspace), "1")
    assert shown.returncode == 0 and shown.stdout.strip(), shown.stderr

    edit = _cli(prefix, "edit", "--workspace", str(workspace), "1", "--title", "New title")
    assert edit.returncode == 1
    assert edit.stderr.strip() == f"scrutiny-desk: {workspace.name} is open read-only; changes cannot be saved."
    imported = _cli(prefix, "import", "--workspace", str(workspace), str(sample("004")))
    assert imported.returncode == 1 and "read-only" in imported.stdout + imported.stderr, imported
    assert "Traceback" not in edit.stderr + imported.stderr


def test_read_only_folder_opens_for_reading(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    workspace = folder / "papers.sqlite"
    before = _saved_workspace(workspace)
    digests = _file_digests(folder)
    prefix = _without_permission_override()
    workspace.chmod(0o444)
    folder.chmod(0o555)
    try:
        _assert_reads_but_refuses_writes(prefix, workspace, before)
    finally:
        folder.chmod(0o755)
        workspace.chmod(0o644)
    assert _file_digests(folder) == digests  # not a byte changed, nothing added beside it
    assert checks.snapshot(workspace) == before


def test_read_only_media_opens_for_reading(tmp_path):
    """Root: a workspace on a file system mounted read-only (a CD, a locked USB stick)."""
    with tmpfs(tmp_path / "media", "16m") as media:
        workspace = media / "papers.sqlite"
        before = _saved_workspace(workspace)
        digests = _file_digests(media)
        remounted = subprocess.run(["mount", "-o", "remount,ro", str(media)], capture_output=True, text=True)
        if remounted.returncode != 0:
            pytest.skip(f"cannot remount read-only here ({remounted.stderr.strip()})")
        _assert_reads_but_refuses_writes([], workspace, before)
        assert _file_digests(media) == digests
        assert checks.snapshot(workspace) == before
