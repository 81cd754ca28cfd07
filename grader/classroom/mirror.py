"""A bare local copy of one student repository, read with git plumbing only: nothing from the
repository is ever executed here (no checkout, no hooks, no filters), so the poller, which
holds the course token, never runs student code."""
import hashlib
import os
import pathlib
import subprocess
import tarfile


class GitError(RuntimeError):
    """A git command failed; the message holds its stderr."""


class Mirror:
    def __init__(self, path, url, env):
        self.path, self.url, self._env = pathlib.Path(path), url, env

    def _git(self, *args, check=True):
        r = subprocess.run(["git", "-C", str(self.path), *args], capture_output=True,
                           env=dict(os.environ, **self._env))
        if check and r.returncode != 0:
            raise GitError(f"git {' '.join(args[:2])}: {r.stderr.decode(errors='replace').strip()[:400]}")
        return r

    def fetch(self, branch, commits):
        """Brings `branch` and every commit of `commits` into the mirror. Raises GitError when the
        branch cannot be fetched; a commit that no longer exists on the server (force-pushed away
        and collected) stays missing: see has()."""
        if not (self.path / "HEAD").exists():
            self.path.mkdir(parents=True, exist_ok=True)
            self._git("init", "--quiet", "--bare")
        self._git("fetch", "--quiet", "--no-tags", self.url, f"+refs/heads/{branch}:refs/heads/{branch}")
        for sha in commits:
            if not self.has(sha):
                self._git("fetch", "--quiet", "--no-tags", self.url, sha, check=False)

    def has(self, sha):
        return bool(sha) and self._git("cat-file", "-e", f"{sha}^{{commit}}", check=False).returncode == 0

    def lab_digest(self, sha, lab, files):
        """A digest of `lab`'s student files at commit `sha`: their names, kinds and contents."""
        paths = [f"student/{lab}/{f}" for f in files]
        out = self._git("ls-tree", "-z", sha, "--", *paths).stdout.decode(errors="replace")
        entries = {}
        for rec in filter(None, out.split("\0")):
            meta, _, path = rec.partition("\t")
            mode, kind, obj = meta.split(" ")
            entries[path] = ("link" if mode == "120000" else kind, obj)
        return digest([(f, *entries.get(p, ("-", "-"))) for f, p in zip(files, paths)])

    def skeleton_digest(self, skeleton_dir, files):
        """The same digest for the lab's skeleton (the files as handed out)."""
        rows = []
        for f in files:
            p = pathlib.Path(skeleton_dir) / f
            if p.is_file():
                obj = self._git("hash-object", "--no-filters", str(p.resolve())).stdout.decode().strip()
                rows.append((f, "blob", obj))
            else:
                rows.append((f, "-", "-"))
        return digest(rows)

    def has_file(self, sha, path):
        out = self._git("ls-tree", sha, "--", path).stdout
        return bool(out.strip())

    def archive(self, sha, dest):
        """Writes the commit's student/ folder as a tar file (an empty one if it has none)."""
        dest = pathlib.Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if self.has_file(sha, "student"):
            self._git("archive", "--format=tar", "-o", str(dest.resolve()), sha, "--", "student")
        else:

            tarfile.open(dest, "w").close()


def digest(rows):
    return "sha256:" + hashlib.sha256("".join(f"{n}\t{k}\t{o}\n" for n, k, o in rows).encode()).hexdigest()
