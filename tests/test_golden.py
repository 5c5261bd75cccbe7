"""The golden fixture builds to exactly the committed output (`make golden` regenerates)."""
from .golden import build_golden, expected_files


def test_golden_site_matches_committed_output():
    built = build_golden()
    expected = expected_files()
    assert sorted(built) == sorted(expected)
    for name in expected:
        assert built[name].decode() == expected[name].decode(), f"{name} differs; run `make golden` if intended"
