"""Deploy: build the site, commit it to a gh-pages branch and push it.

For those who publish without GitHub Actions. The commit is made with git's
plumbing (a temporary index, write-tree, commit-tree), so the working tree,
the index and the checked-out branch are never touched. The new commit
follows the remote branch's history, so the push is a fast-forward.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..engine import BuildOptions, build
from ..errors import BuildFailed, Problem
from ..kinds import CONTENT_INPUTS, THEME_INPUTS
from ..load import is_ignored
from ..write import MARKER

# What a build reads: a change here that is not committed would publish a
# site that no commit describes.
INPUT_PATHS = CONTENT_INPUTS + THEME_INPUTS
CNAME = "CNAME"


@dataclass(frozen=True)
class DeployOptions:
    remote: str = "origin"
    branch: str = "gh-pages"
    allow_dirty: bool = False
    message: str = ""


@dataclass(frozen=True)
class Deployed:
    commit: str
    files: int
    unchanged: bool  # the branch already held this exact site


class Git:
    """Runs git in one repository; a failure becomes a BuildFailed with git's words."""

    def __init__(self, cwd: Path, env: dict[str, str] | None = None):
        self.cwd = cwd
        self.env = env

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = dict(os.environ, **self.env) if self.env else None
        result = subprocess.run(["git", *args], cwd=self.cwd, env=env, capture_output=True, text=True)
        if check and result.returncode != 0:
            message = (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
            raise BuildFailed([Problem(f"git {args[0]}", 0, message)])
        return result

    def out(self, *args: str) -> str:
        return self.run(*args).stdout.strip()


def uncommitted_inputs(git: Git, root: Path) -> list[str]:
    """Input files (relative to the briefing folder) with changes not committed."""
    top = Path(git.out("rev-parse", "--show-toplevel"))
    status = git.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *INPUT_PATHS)
    fields = status.stdout.split("\0")
    paths = []
    index = 0
    while index < len(fields):
        entry = fields[index]
        index += 1
        if not entry:
            continue
        if entry[0] in "RC":  # a rename or copy is followed by its old path
            index += 1
        paths.append((top / entry[3:]).relative_to(root.resolve()).as_posix())
    return sorted(paths)


def ignored_inputs(git: Git, root: Path) -> list[str]:
    """Input files (relative to the briefing folder) that git ignores, less those no
    build reads (editor backups, hidden files)."""
    top = Path(git.out("rev-parse", "--show-toplevel"))
    listed = git.run("ls-files", "-z", "--others", "--ignored", "--exclude-standard",
                     "--full-name", "--", *INPUT_PATHS)
    paths = []
    for name in filter(None, listed.stdout.split("\0")):
        path = (top / name).relative_to(root.resolve())
        if not any(is_ignored(Path(part)) for part in path.parts):
            paths.append(path.as_posix())
    return sorted(paths)


def _held_back(path: str, drafts: dict) -> bool:
    """Whether a content file is a draft's (or its translation's), so not published."""
    parts = path.split("/")
    if len(parts) == 2 and parts[0] == "seeds":
        parts = ["content", "sources", parts[1]]
    if len(parts) != 3 or parts[0] != "content":
        return False
    ident = parts[2].split(".", 1)[0]
    return ident in drafts.get(parts[1], ())


def _parent(git: Git, options: DeployOptions) -> str | None:
    """The commit the new one follows: the remote branch, else the local one, else none."""
    ref = f"refs/heads/{options.branch}"
    if git.out("ls-remote", "--heads", options.remote, ref):
        git.run("fetch", "--quiet", "--no-tags", options.remote, ref)
        return git.out("rev-parse", "FETCH_HEAD^{commit}")
    local = git.run("rev-parse", "--verify", "--quiet", ref + "^{commit}", check=False)
    return local.stdout.strip() or None


def _tree(git_dir: str, output: Path, parent: str | None) -> str:
    """The tree of the built site, keeping a CNAME the branch has if the build has none."""
    with tempfile.TemporaryDirectory(prefix="briefing-deploy-") as scratch:
        index = Git(output, {"GIT_DIR": git_dir, "GIT_WORK_TREE": str(output),
                             "GIT_INDEX_FILE": str(Path(scratch) / "index")})
        index.run("add", "--all", "--force", "--", ".", f":(exclude){MARKER}")
        if parent and not (output / CNAME).exists():
            # GitHub's settings page commits a CNAME to the branch: keep it.
            kept = index.out("ls-tree", parent, "--", CNAME).split()
            if kept:
                index.run("update-index", "--add", "--cacheinfo", f"{kept[0]},{kept[2]},{CNAME}")
        return index.out("write-tree")


def deploy(build_options: BuildOptions, options: DeployOptions) -> Deployed:
    root = build_options.root
    git = Git(root)
    if git.run("rev-parse", "--is-inside-work-tree", check=False).returncode != 0:
        raise BuildFailed([Problem(str(root), 0, "not a git repository: deploy commits the site "
                                                 "to a branch of the briefing's repository")])
    head_ref = git.run("symbolic-ref", "--quiet", "HEAD", check=False).stdout.strip()
    if head_ref == f"refs/heads/{options.branch}":
        raise BuildFailed([Problem(options.branch, 0, f"the branch '{options.branch}' is checked "
                                                      "out here: switch to your content branch first")])
    parent = _parent(git, options)
    result = build(build_options)  # what is published is built from scratch, with no cache
    # A draft is not published: it may stay uncommitted (or ignored), as private work.
    dirty = [path for path in uncommitted_inputs(git, root)
             if not _held_back(path, result.site.drafts)]
    if dirty and not options.allow_dirty:
        raise BuildFailed([Problem(path, 0, "uncommitted change: commit it first, or deploy with "
                                            "--allow-dirty") for path in dirty])
    hidden = [path for path in ignored_inputs(git, root) if not _held_back(path, result.site.drafts)]
    if hidden and not options.allow_dirty:
        raise BuildFailed([Problem(path, 0, "ignored by git, but published: no commit would hold "
                                            "it; commit it (take it out of .gitignore), make it a "
                                            "draft, or deploy with --allow-dirty")
                           for path in hidden])
    tree = _tree(git.out("rev-parse", "--absolute-git-dir"), build_options.output_dir.resolve(), parent)
    unchanged = parent is not None and git.out("rev-parse", parent + "^{tree}") == tree
    commit = parent if unchanged else _commit(git, tree, parent, options.message, bool(dirty))
    # Pushed first: a rejected push leaves the local branch where it was.
    git.run("push", "--quiet", options.remote, f"{commit}:refs/heads/{options.branch}")
    git.run("update-ref", f"refs/heads/{options.branch}", commit)
    return Deployed(commit, len(result.files), unchanged)


def _commit(git: Git, tree: str, parent: str | None, message: str, dirty: bool) -> str:
    if not message:
        head = git.run("rev-parse", "--verify", "--quiet", "--short=12", "HEAD", check=False).stdout.strip()
        message = f"Deploy the site built from {head}" if head else "Deploy the site"
        if dirty:
            message += " and uncommitted changes"
    return git.out("commit-tree", tree, *(["-p", parent] if parent else []), "-m", message)
