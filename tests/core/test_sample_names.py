"""The sample papers have names a person can read, and nothing found in them comes from the name."""

import shutil

import pytest

from desktop.services.preparing import prepare_file
from tests.samples import SAMPLES


def _described(prepared):
    return [(p.metadata.title, p.metadata.doc_type, p.metadata.authority, p.metadata.date)
            if hasattr(p, "metadata") else repr(p) for p in prepared.papers]


def test_sample_names_are_words_not_hashes():
    names = sorted(p.stem for p in SAMPLES.glob("*.txt"))
    assert names and all("-" in n and not any(len(part) >= 12 and part.isalnum()
                                               and not part.isalpha() for part in n.split("_"))
                         for n in names), names


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.txt"))[:2])
def test_what_is_found_does_not_depend_on_the_file_name(tmp_path, sample):
    readable = SAMPLES / sample
    neutral = tmp_path / "paper.txt"
    shutil.copyfile(readable, neutral)
    assert _described(prepare_file(readable, "a" * 64)) == _described(prepare_file(neutral, "a" * 64))
