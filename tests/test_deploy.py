"""The scheduling examples in deploy/: the systemd units parse, the cron line says what the
README says, and the rebuild script stops before deploying when a step fails (R-C fail closed).

The script is run against stand-ins for git, rsync and the publisher, so these tests need no
network and no portal.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SCRIPT = DEPLOY / "rebuild.sh"
SERVICE = DEPLOY / "gxj-zfgs-rebuild.service"
TIMER = DEPLOY / "gxj-zfgs-rebuild.timer"
FAILURE_MAIL = DEPLOY / "gxj-zfgs-failure-mail@.service"
CRON = DEPLOY / "gxj-zfgs.cron"
INSTALLED_SCRIPT = "/srv/records/deploy/rebuild.sh"


def unit(path: Path) -> configparser.ConfigParser:
    # strict=False: systemd allows a key more than once (Environment=); keys keep their case.
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(path, encoding="utf-8")
    return parser


def test_the_timer_runs_the_service_at_00_10_beijing_time_and_catches_up() -> None:
    timer = unit(TIMER)
    assert timer["Timer"]["OnCalendar"] == "*-*-* 00:10:00 Asia/Shanghai"
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Timer"]["Unit"] == SERVICE.name
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_the_service_is_a_oneshot_run_of_the_script_that_mails_on_failure() -> None:
    service = unit(SERVICE)
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"] == INSTALLED_SCRIPT
    assert service["Unit"]["OnFailure"] == "gxj-zfgs-failure-mail@%n.service"
    assert "ExecStart" in unit(FAILURE_MAIL)["Service"]
    for path in (SERVICE, TIMER, FAILURE_MAIL):
        assert unit(path)["Unit"]["Description"], path.name


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    for path in (SERVICE, TIMER, FAILURE_MAIL):
        text = path.read_text(encoding="utf-8")
        # verify insists that ExecStart exists: point it at this checkout's copy.
        (tmp_path / path.name).write_text(text.replace(INSTALLED_SCRIPT, str(SCRIPT)), "utf-8")
    units = sorted(str(p) for p in tmp_path.iterdir())
    environment = {**os.environ, "SYSTEMD_UNIT_PATH": f"{tmp_path}:"}
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Unknown keys and bad values are only warnings ("…, ignoring"): fail on them too.
    assert "ignoring" not in output and "Unknown" not in output, output


def test_the_cron_example_runs_the_script_at_00_10_beijing_time_and_mails() -> None:
    lines = [
        line
        for line in CRON.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    settings = dict(line.split("=", 1) for line in lines if "=" in line.split()[0])
    assert settings["CRON_TZ"] == "Asia/Shanghai"
    assert settings["MAILTO"].endswith("@example.gov.cn")
    [job] = [line for line in lines if "=" not in line.split()[0]]
    minute, hour, *_rest = job.split()
    assert (minute, hour) == ("10", "0")
    assert INSTALLED_SCRIPT in job
    assert "%" not in job  # cron turns % into a newline


def test_the_script_is_executable_strict_bash() -> None:
    subprocess.run(["bash", "-n", str(SCRIPT)], check=True)
    text = SCRIPT.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "\nset -euo pipefail\n" in text
    assert os.access(SCRIPT, os.X_OK)


# --- the script against stand-ins -----------------------------------------------------------------

STUB = """#!/usr/bin/env bash
echo "{name} $*" >> "$STEPS"
if [ "${{FAIL:-}}" = "{name} ${{1:-}}" ]; then exit 1; fi
{body}
"""


def stand_ins(folder: Path) -> dict[str, str]:
    """git, rsync, the publisher and Python that log their calls; FAIL="publisher check"
    makes that step fail."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    bodies = {
        "git": "",
        "rsync": "",
        "publisher": '[ "$1" = status ] && echo 2026-11-30 || true',
        "python": "echo 2026-11-28",
    }
    for name, body in bodies.items():
        path = bin_dir / name
        path.write_text(STUB.format(name=name, body=body), encoding="utf-8")
        path.chmod(0o755)
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "STEPS": str(folder / "steps.log"),
        "REPO_DIR": str(folder),
        "PYTHON": str(bin_dir / "python"),
        "PUBLISHER": str(bin_dir / "publisher"),
        "DEPLOY_TARGET": "portal.example.gov.cn:/srv/www/gxj/zfgs/",
    }


def run_script(folder: Path, fail: str = "") -> tuple[int, list[str], str]:
    environment = {**stand_ins(folder), "FAIL": fail}
    result = subprocess.run(
        ["bash", str(SCRIPT)], capture_output=True, text=True, env=environment, check=False
    )
    steps = (folder / "steps.log").read_text(encoding="utf-8").splitlines()
    return result.returncode, [" ".join(step.split()[:2]) for step in steps], result.stderr


def test_the_script_pulls_checks_builds_deploys_in_that_order(tmp_path: Path) -> None:
    code, steps, stderr = run_script(tmp_path)
    assert code == 0, stderr
    assert steps == [
        "git pull",
        "python -c",
        "publisher check",
        "publisher build",
        "rsync -a",
        "publisher status",
    ]
    log = (tmp_path / "steps.log").read_text(encoding="utf-8")
    assert "--scope publication --as-of 2026-11-28" in log
    assert "--as-of 2026-11-28" in log.split("publisher build", 1)[1]


@pytest.mark.parametrize("failing", ["git pull", "publisher check", "publisher build"])
def test_a_failed_step_exits_non_zero_and_deploys_nothing(tmp_path: Path, failing: str) -> None:
    code, steps, stderr = run_script(tmp_path, fail=failing)
    assert code != 0
    assert steps[-1] == failing
    assert "rsync -a" not in steps
    assert "每日生成失败" in stderr
