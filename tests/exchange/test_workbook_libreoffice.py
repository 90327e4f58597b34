"""LibreOffice, where it is installed, opens the exported workbook."""

import shutil
import subprocess

import pytest

pytestmark = pytest.mark.django_db


def test_libreoffice_opens_the_workbook(demo_workbook, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice (libreoffice/soffice) is not on PATH; not installed on purpose")
    source = tmp_path / "plan.xlsx"
    source.write_bytes(demo_workbook)
    completed = subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",  # comma, quote, UTF-8
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    text = (tmp_path / "plan.csv").read_bytes().decode("utf-8", errors="replace")
    assert "자치행정과" in text
