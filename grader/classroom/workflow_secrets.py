"""Checks that no workflow hands a secret to student code.

  workflow_secrets.py --source ROOT

1. The student template (ci/templates/dslab-student.yml) references no secret and no token at
   all (`secrets.`, `github.token`, `GITHUB_TOKEN`) and declares `permissions: contents: read`.
2. In the course's workflows (.github/workflows/*.yml), a job that runs student code (it
   downloads a `submissions` artifact, calls ci/grade-submission to grade (not --merge or
   --build-grader), or declares env
   DSLAB_RUNS_STUDENT_CODE) references no secret and no token anywhere, has job-level
   permissions that grant nothing beyond read, checks out with `persist-credentials: false`,
   and only restores caches (a job that saves one could poison the grader of later runs).
   The workflow's top-level env (inherited by every job) holds no secret either.
Exit status 1 with one line per finding.
"""
import argparse
import json
import pathlib
import re
import sys

import yaml

TOKEN_RE = re.compile(r"secrets\.|github\.token|GITHUB_TOKEN")


def token_refs(node):
    """The token or secret references anywhere in a parsed YAML value."""
    return sorted(set(TOKEN_RE.findall(json.dumps(node))))


def runs_student_code(job):
    if "DSLAB_RUNS_STUDENT_CODE" in (job.get("env") or {}):
        return True
    for step in job.get("steps") or []:
        uses, run = str(step.get("uses", "")), str(step.get("run", ""))
        names = str((step.get("with") or {}).get("name", "")) + str((step.get("with") or {}).get("pattern", ""))
        if uses.startswith("actions/download-artifact") and names.startswith("submissions"):
            return True
        if "grade-submission" in run and "--merge" not in run and "--build-grader" not in run:
            return True
    return False


def check_student_template(path):
    text = path.read_text()
    found = [f"{path}: the student workflow references {ref!r}: a student repository holds no secret"
             for ref in sorted(set(TOKEN_RE.findall(text)))]
    doc = yaml.safe_load(text) or {}
    if doc.get("permissions") != {"contents": "read"}:
        found.append(f"{path}: top-level permissions must be exactly 'contents: read'")
    for name, job in (doc.get("jobs") or {}).items():
        if "permissions" in job:
            found.append(f"{path}: job {name}: no job-level permissions in the student workflow")
    return found


def check_student_code_job(path, name, job):
    where = f"{path}: job {name} (runs student code)"
    found = [f"{where}: references {ref!r}" for ref in token_refs(job)]
    perms = job.get("permissions")
    if not isinstance(perms, dict) or any(v not in ("read", "none") for v in perms.values()):
        found.append(f"{where}: needs job-level permissions that grant at most read, got {perms!r}")
    for i, step in enumerate(job.get("steps") or [], 1):
        uses = str(step.get("uses", ""))
        if uses.startswith("actions/checkout") and (step.get("with") or {}).get("persist-credentials") is not False:
            found.append(f"{where}: step {i}: actions/checkout without 'persist-credentials: false' "
                         "leaves the job's token in .git/config")
        if uses.startswith("actions/cache@"):
            found.append(f"{where}: step {i}: saves a cache (use actions/cache/restore)")
    return found


def check_course_workflow(path):
    doc = yaml.safe_load(path.read_text()) or {}
    found = [f"{path}: top-level env references {ref!r} (every job inherits it)"
             for ref in token_refs(doc.get("env") or {})]
    for name, job in (doc.get("jobs") or {}).items():
        if runs_student_code(job):
            found += check_student_code_job(path, name, job)
    return found


def check(root):
    root = pathlib.Path(root)
    found = check_student_template(root / "ci" / "templates" / "dslab-student.yml")
    for path in sorted((root / ".github" / "workflows").glob("*.yml")):
        found += check_course_workflow(path)
    return found


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--source", required=True, help="the course repository's root")
    found = check(p.parse_args().source)
    print("\n".join(found) if found else "workflow secrets check passed")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
