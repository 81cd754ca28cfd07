"""The poll state (poll-state.json, kept on the course repository's ledger branch beside
ledger.json): per roster repository, which pushes are done and what was last graded per lab.

  {"schema": "dslab-poll-state/1", "last_poll": TIME,
   "repos": {"org/dslab-alice": {"cursor": TIME, "seen": {ACTIVITY_ID: TIME},
             "labs": {"lab2-detector": {"commit": SHA, "digest": D, "pushed_at": TIME}},
             "issue": N, "issue_url": URL}}}

Every push recorded before `cursor` is done; `seen` holds the done ones at or after it. Only
the record step changes the state, and only for pushes whose grading came back: a push whose
job failed, and every later push of that repository, is polled again by the next run.
"""
import json
import pathlib

SCHEMA = "dslab-poll-state/1"


def load(path):
    path = pathlib.Path(path)
    if not path.exists():
        return {"schema": SCHEMA, "last_poll": "", "repos": {}}
    state = json.loads(path.read_text())
    if state.get("schema") != SCHEMA:
        raise ValueError(f"{path}: not a poll state (expected schema {SCHEMA})")
    return state


def save(state, path):
    path = pathlib.Path(path)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n")
    tmp.replace(path)


def apply(state, plan, graded):
    """Marks done what the plan examined, up to the first push whose job is not in `graded`
    (job ids whose reports were recorded), per repository; moves the cursors; sets last_poll. Returns the ids of the pushes left for the next run."""
    jobs = {j["id"]: j for j in plan["jobs"]}
    left = []
    for repo, examined in plan["examined"].items():
        rs = state["repos"].setdefault(repo, {"cursor": "", "seen": {}, "labs": {}})
        for i, entry in enumerate(examined):
            if entry["job"] and entry["job"] not in graded:
                left += [e["id"] for e in examined[i:]]
                break
            rs["seen"][entry["id"]] = entry["pushed_at"]
            if entry["job"]:
                job = jobs[entry["job"]]
                for lab in job["labs"]:
                    rs["labs"][lab] = {"commit": job["commit"], "digest": job["digests"][lab],
                                       "pushed_at": job["pushed_at"]}
            rs["cursor"] = max(rs["cursor"], entry["pushed_at"])
        rs["seen"] = {k: t for k, t in rs["seen"].items() if t >= rs["cursor"]}
    state["last_poll"] = plan["polled_at"]
    return left
