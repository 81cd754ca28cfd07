"""The poll step of class grading: which pushes of the roster's repositories are submissions.

A submission is a move of the graded branch (course.toml [grading] branch) to a new head, at
the time GitHub's servers recorded it. It is a submission of lab L when L's student files
(the manifest's student_files under student/L/) at the new head differ from those of the last
graded submission of L from that repository, or from L's skeleton when none was graded. So a
push to another branch, a push that touches no lab, and a force push or a new branch whose
"before" is unknown or unrelated all grade nothing unless a lab's files really changed since
they were last graded.

Output: a plan (plan.json) with one job per (push, labs) and the student/ folder of each job's
commit as a tar file, for grading jobs that get no token; and what the record step may mark as
done in the poll state once the jobs' reports are back (see state.py).
"""
import dataclasses
import datetime
import re

import course as course_mod
import mirror as mirror_mod

PLAN_SCHEMA = "dslab-poll-plan/1"


@dataclasses.dataclass
class Job:
    id: str
    repo: str
    submitter: str
    commit: str
    before: str
    pushed_at: str
    kind: str
    push_id: str
    labs: list
    late_request: dict   # lab -> bool: student/<lab>/SUBMIT_LATE is in the commit
    digests: dict        # lab -> digest of its student files at the commit
    package: str         # the student/ folder at the commit, tar, relative to the plan's folder


def job_id(submitter, commit, push_id):
    return re.sub(r"[^A-Za-z0-9._-]", "_", f"{submitter}-{commit[:12]}-{push_id}")[:100]


def poll(course, github, state, mirrors_dir, out_dir, now, max_jobs=200, log=print):
    """Examines every roster repository's new pushes; writes out_dir/<job>/student.tar; returns
    the plan (a dict, see module doc). `state` is read, never changed (record applies it)."""
    plan = {"schema": PLAN_SCHEMA, "polled_at": now, "jobs": [], "examined": {}, "warnings": [],
            "due": due_labs(course, state.get("last_poll", ""), now)}
    for target in course.targets:
        if len(plan["jobs"]) >= max_jobs:
            plan["warnings"].append(f"job limit {max_jobs} reached: later pushes are polled next run")
            break
        try:
            poll_target(course, github, target, state.get("repos", {}).get(target.repo, {}),
                        mirrors_dir, out_dir, plan, max_jobs)
        except (mirror_mod.GitError, RuntimeError, OSError, KeyError, ValueError) as e:
            plan["warnings"].append(f"{target.repo}: not polled: {e}")
    for w in plan["warnings"]:
        log(f"warning: {w}")
    return plan


def new_pushes(course, github, target, repo_state):
    """The target's pushes of the graded branch not done yet, oldest first."""
    ref, seen = f"refs/heads/{course.branch}", repo_state.get("seen", {})
    pushes = github.pushes(target.repo, course.branch, repo_state.get("cursor", ""))
    return sorted((p for p in pushes if p.ref == ref and p.id not in seen and p.after
                   and p.kind != "branch_deletion"), key=lambda p: (p.pushed_at, p.id))


def poll_target(course, github, target, repo_state, mirrors_dir, out_dir, plan, max_jobs):
    pushes = new_pushes(course, github, target, repo_state)
    if not pushes:
        return
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", target.repo)
    mirror = mirror_mod.Mirror(mirrors_dir / f"{safe}.git", github.fetch_url(target.repo), github.git_env())
    mirror.fetch(course.branch, [p.after for p in pushes])
    files = {lab: lab_files(course, lab) for lab in target.labs}
    base = {}
    for lab in target.labs:
        done = repo_state.get("labs", {}).get(lab)
        base[lab] = done["digest"] if done else mirror.skeleton_digest(course.skeleton(lab), files[lab])
    examined = plan["examined"].setdefault(target.repo, [])
    for i, push in enumerate(pushes):
        if len(plan["jobs"]) >= max_jobs:
            return
        if not mirror.has(push.after):
            if i + 1 == len(pushes):  # the newest: maybe not fetchable yet; try again next run
                plan["warnings"].append(f"{target.repo}: pushed commit {push.after} not fetched: polled again next run")
                return
            plan["warnings"].append(f"{target.repo}: pushed commit {push.after} ({push.pushed_at}) is no "
                                    "longer on the server (a later push replaced it): not graded")
            examined.append({"id": push.id, "pushed_at": push.pushed_at, "job": None})
            continue
        entry = {"id": push.id, "pushed_at": push.pushed_at, "job": None}
        examined.append(entry)
        digests = {lab: mirror.lab_digest(push.after, lab, files[lab]) for lab in target.labs}
        labs = [lab for lab in target.labs if digests[lab] != base[lab]]
        if not labs:
            continue
        base.update({lab: digests[lab] for lab in labs})
        job = Job(id=job_id(target.submitter, push.after, push.id), repo=target.repo,
                  submitter=target.submitter, commit=push.after, before=push.before,
                  pushed_at=push.pushed_at, kind=push.kind, push_id=push.id, labs=labs,
                  late_request={lab: mirror.has_file(push.after, f"student/{lab}/{course_mod.LATE_MARKER}")
                                for lab in labs},
                  digests={lab: digests[lab] for lab in labs}, package="")
        job.package = f"{job.id}/student.tar"
        mirror.archive(push.after, out_dir / job.package)
        entry["job"] = job.id
        plan["jobs"].append(dataclasses.asdict(job))


def lab_files(course, lab):
    """What a lab's digest covers: the manifest's student files and the late-request marker, so
    that adding (or removing) student/<lab>/SUBMIT_LATE is itself a submission of the lab."""
    return list(course.student_files[lab]) + [course_mod.LATE_MARKER]


def due_labs(course, since, now):
    """Labs whose deadline passed in (since, now] (all passed ones on a first run)."""
    out = []
    for lab, deadline in course.deadlines.items():
        at = deadline.strftime("%Y-%m-%dT%H:%M:%SZ")
        if (not since or at > since) and at <= now:
            out.append(lab)
    return out


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
