"""`make audit`: Lighthouse scores of the landing page and an article, on a phone and a desktop.

Runs the Lighthouse of tests/a11y/node_modules in Debian's Chromium, with the
same flags as the browser tests, on the built site served locally. Writes each
report (JSON and HTML) and scores.json into OUT_DIR, prints a table and fails
when a score misses its target: 100 for accessibility, best practices and SEO,
98 or more for performance. Not part of `make test`: Lighthouse is heavy, and
performance scores depend on the machine.

    python -m tests.a11y.audit SITE_DIR OUT_DIR
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

from .serve import served

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
PAGES = {"landing": "index.html", "article": "articles/does-therapy-work.html"}
FORM_FACTORS = {"phone": [], "desktop": ["--preset=desktop"]}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}


def run_lighthouse(url: str, form_factor: str, report: Path) -> dict:
    """Audit url; write report.json and report.html; return the parsed JSON."""
    command = [
        str(LIGHTHOUSE),
        url,
        *FORM_FACTORS[form_factor],
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        "--output=json",
        "--output=html",
        f"--output-path={report}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM), "PUPPETEER_SKIP_DOWNLOAD": "1"}
    subprocess.run(command, env=env, check=True, timeout=300)
    return json.loads(report.with_suffix(".report.json").read_text(encoding="utf-8"))


def failing_audits(result: dict) -> list[str]:
    """The weighted audits that did not fully pass, as 'category: audit (value)'."""
    found = []
    for category in result["categories"].values():
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                found.append(f"{category['id']}: {audit['id']} {value}".strip())
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    site, out = Path(argv[0]), Path(argv[1])
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: run `make audit`, which installs it", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    scores, misses = {}, []
    with served(site) as base:
        for page, address in PAGES.items():
            for form_factor in FORM_FACTORS:
                name = f"{page}-{form_factor}"
                result = run_lighthouse(base + address, form_factor, out / name)
                scores[name] = {
                    key: round(result["categories"][key]["score"] * 100) for key in CATEGORIES
                }
                for key, target in TARGETS.items():
                    if scores[name][key] < target:
                        misses.append(f"{name} {key} {scores[name][key]} < {target}")
                scores[name]["not passed"] = failing_audits(result)
    (out / "scores.json").write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    print(f"\n{'page':<18}" + "".join(f"{key:>16}" for key in CATEGORIES))
    for name, row in scores.items():
        print(f"{name:<18}" + "".join(f"{row[key]:>16}" for key in CATEGORIES))
        for audit in row["not passed"]:
            print(f"{'':<18}  {audit}")
    print(f"\nReports in {out}")
    for miss in misses:
        print(f"below target: {miss}", file=sys.stderr)
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
