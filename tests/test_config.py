"""Config files: defaults, the documented example, and clear refusals naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from termpos.core.config import ConfigError, Settings, load_settings, parse_settings

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_work_without_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TERMPOS_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setattr("termpos.core.config.default_config_paths", lambda: [tmp_path / "x"])
    s = load_settings(None)
    assert s.source == "(defaults)"
    assert s.tax_class("A").rate_ppm == 200_000


def test_example_config_parses_and_sets_values() -> None:
    s = load_settings(str(ROOT / "config" / "termpos.example.toml"))
    assert s.store_name != Settings().store_name
    assert s.tax_mode in ("inclusive", "exclusive")
    assert s.cash_rounding_step == 5
    assert {tc.code for tc in s.tax_classes} >= {"A", "B"}


def test_lookup_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env_file = tmp_path / "env.toml"
    env_file.write_text('[store]\nname = "From env"\n')
    cli_file = tmp_path / "cli.toml"
    cli_file.write_text('[store]\nname = "From option"\n')
    monkeypatch.setenv("TERMPOS_CONFIG", str(env_file))
    assert load_settings(None).store_name == "From env"
    assert load_settings(str(cli_file)).store_name == "From option"


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ('[tax]\nmode = "sideways"\n', "tax.mode"),
        ('[store]\nnmae = "typo"\n', "store.nmae"),
        ('[currency]\nexponent = "two"\n', "currency.exponent"),
        ('[cash]\nrounding_step = "five cents"\n', "cash.rounding_step"),
        ('[printer]\npaper_mm = 70\n', "printer.paper_mm"),
        ('[permissions]\ncashier = ["fly"]\n', "permissions.cashier"),
        ('[tax.classes.A]\nname = "x"\n', "tax.classes.A.rate"),
        ("[till]\nid = \"a very long till id\"\n", "till.id"),
        ("bogus = 1\n", "bogus"),
    ],
)
def test_bad_keys_are_named(toml: str, named: str) -> None:
    with pytest.raises(ConfigError) as info:
        import tomllib

        parse_settings(tomllib.loads(toml), "shop.toml")
    assert "shop.toml" in str(info.value)
    assert named in str(info.value)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[store\nname=")
    with pytest.raises(ConfigError, match="bad.toml"):
        load_settings(str(bad))


def test_missing_explicit_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(str(tmp_path / "nope.toml"))
