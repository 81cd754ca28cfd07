"""A stand-in for GitHub, for tests and dry runs (`classroom.py --github fake:DIR`): bare git
repositories under DIR/repos/<owner>/<name>.git, the push activity GitHub would have recorded
in DIR/pushes.json ({repo: [push]}, each push {id, ref, before, after, pushed_at, kind}), and
everything delivered appended to DIR/outbox.json (issues, comments, statuses)."""
import json
import pathlib

from github_api import GitHub, Push


class FakeGitHub(GitHub):
    def __init__(self, root):
        self.root = pathlib.Path(root)

    def _read(self, name, default):
        path = self.root / name
        return json.loads(path.read_text()) if path.exists() else default

    def _append(self, kind, item):
        box = self._read("outbox.json", {"issues": [], "comments": [], "statuses": []})
        box[kind].append(item)
        (self.root / "outbox.json").write_text(json.dumps(box, indent=2) + "\n")
        return len(box[kind])

    def record_push(self, repo, ref, before, after, pushed_at, kind="push"):
        """Adds a push to the activity (what GitHub does when it receives one)."""
        pushes = self._read("pushes.json", {})
        entries = pushes.setdefault(repo, [])
        entries.append({"id": str(sum(len(v) for v in pushes.values()) + 1), "ref": ref, "before": before,
                        "after": after, "pushed_at": pushed_at, "kind": kind})
        (self.root / "pushes.json").write_text(json.dumps(pushes, indent=2) + "\n")

    def repo_path(self, repo):
        return self.root / "repos" / f"{repo}.git"

    def pushes(self, repo, branch, since):
        out = [Push(**p) for p in self._read("pushes.json", {}).get(repo, [])]
        return sorted((p for p in out if not since or p.pushed_at >= since), key=lambda p: (p.pushed_at, p.id))

    def fetch_url(self, repo):
        return str(self.repo_path(repo))

    def git_env(self):
        return {}

    def open_issue(self, repo, title, body):
        n = self._append("issues", {"repo": repo, "title": title, "body": body})
        return n, f"fake://{repo}/issues/{n}"

    def comment_issue(self, repo, number, body):
        n = self._append("comments", {"repo": repo, "issue": number, "body": body})
        return f"fake://{repo}/issues/{number}#comment-{n}"

    def set_status(self, repo, sha, state, context, description, target_url):
        self._append("statuses", {"repo": repo, "sha": sha, "state": state, "context": context,
                                  "description": description, "target_url": target_url})

    def outbox(self):
        return self._read("outbox.json", {"issues": [], "comments": [], "statuses": []})
