import os
import stat
from pathlib import Path

import pytest

from dailypapers.domain.errors import RetryableWriteError, StoreError
from dailypapers.entry.local_store import LocalReadmeStore


def test_a_missing_file_reads_as_none_and_is_created(tmp_path: Path) -> None:
    store = LocalReadmeStore(tmp_path / "docs" / "README.md")
    assert store.read() is None
    assert store.write("# Hi\n", None, "create") is None
    assert (tmp_path / "docs" / "README.md").read_bytes() == b"# Hi\n"
    assert stat.S_IMODE((tmp_path / "docs" / "README.md").stat().st_mode) == 0o644


def test_bytes_are_kept_exactly(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_bytes("\ufeffa\r\nb é\r\n".encode())
    stored = LocalReadmeStore(path).read()
    assert stored is not None
    assert stored.text == "\ufeffa\r\nb é\r\n"
    LocalReadmeStore(path).write(stored.text + "c", stored, "m")
    assert path.read_bytes() == "\ufeffa\r\nb é\r\nc".encode()


def test_write_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text("one\n")
    store = LocalReadmeStore(path)
    stored = store.read()
    path.write_text("someone else's edit\n")
    with pytest.raises(RetryableWriteError):
        store.write("mine\n", stored, "m")
    with pytest.raises(RetryableWriteError):
        store.write("mine\n", None, "m")
    assert path.read_text() == "someone else's edit\n"


def test_mode_is_kept_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text("x\n")
    path.chmod(0o600)
    store = LocalReadmeStore(path)
    store.write("y\n", store.read(), "m")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


def test_non_utf8_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(b"caf\xe9\n")
    with pytest.raises(StoreError, match=r"is not UTF-8 text .*save it as UTF-8"):
        LocalReadmeStore(path).read()


def test_a_failed_write_leaves_the_file_whole_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "README.md"
    path.write_text("keep\n")
    store = LocalReadmeStore(path)
    base = store.read()

    def disk_full(source: str, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(StoreError, match=r"cannot write .*No space left on device"):
        store.write("new\n", base, "m")
    assert path.read_text() == "keep\n"
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


def test_a_linked_readme_is_written_through_its_link(tmp_path: Path) -> None:
    target = tmp_path / "docs" / "papers.md"
    target.parent.mkdir()
    target.write_text("old\n")
    link = tmp_path / "README.md"
    link.symlink_to(target)
    store = LocalReadmeStore(link)
    store.write("new\n", store.read(), "m")
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text() == "new\n"


def test_a_file_given_none_is_deleted_after_the_readme_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "old.md").write_text("older rows\n")
    store = LocalReadmeStore(tmp_path / "README.md", root=tmp_path)
    order: list[str] = []
    unlink = Path.unlink

    def recorded(path: Path, missing_ok: bool = False) -> None:
        order.append(f"delete {path.name}")
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", recorded)
    replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (order.append(Path(b).name), replace(a, b)))
    files = {"papers/old.md": None, "papers/new.md": "rows\n", "papers/gone.md": None}
    store.write("# Papers\n", None, "m", files)
    # New pages, then the README that links them, then the pages it no longer links: an
    # interrupted run leaves every row on the README or on a page it links.
    assert order == ["new.md", "README.md", "delete old.md", "delete gone.md"]
    assert sorted(path.name for path in (tmp_path / "papers").iterdir()) == ["new.md"]


def test_other_files_are_read_beside_the_readme_unless_another_root_is_given(
    tmp_path: Path,
) -> None:
    (tmp_path / "docs" / "papers").mkdir(parents=True)
    (tmp_path / "docs" / "papers" / "k.md").write_text("older rows\n")
    assert LocalReadmeStore(tmp_path / "docs" / "README.md").read_file("papers/k.md") == (
        "older rows\n"
    )
    assert LocalReadmeStore(tmp_path / "README.md", root=tmp_path / "docs").read_file(
        "papers/k.md"
    ) == ("older rows\n")
