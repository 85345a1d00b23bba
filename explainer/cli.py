"""The command line: build (the default), check, serve, schema and new; main(argv) returns the exit code."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import __version__
from .load import load_document
from .model import Site
from .pipeline import build
from .problems import Problem, summary
from .project import Project
from .formats.sitemap import NO_BASE_URL
from .validate import validate_document
from .write import OutputError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
COMMANDS = ("build", "check", "schema", "serve", "new")


def parser(prog: str) -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog=prog,
        description="Build a static explainer site from a project folder: content/ (YAML + Markdown), and "
                    "optionally layouts/ and assets/ that override the theme's files of the same name, into dist/.",
        epilog=f"Without a command, 'build' runs. build, check and serve take --project DIR, --content DIR, "
               f"--output DIR and --base-url URL (see '{prog} build --help'). "
               "Exit codes: 0 built, 1 content problems, 2 usage or output errors.")
    top.add_argument("--version", action="version", version=f"explainer {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text)
        sub.add_argument("--project", type=Path, help="the project folder (default: the current folder)")
        sub.add_argument("--content", type=Path, help="content folder (default: content/)")
        sub.add_argument("--output", type=Path, help="output folder (default: dist/)")
        sub.add_argument("--base-url", help="absolute URL the site is published at, ending in '/'")
        return sub

    build_command = command("build", "build the site into dist/ (the default)")
    build_command.add_argument("--no-cache", action="store_true",
                               help="build even when nothing changed since the last build")
    command("check", "check the content and layouts without writing anything")
    schema = commands.add_parser("schema", help="write the content model's JSON Schema files into docs/schema/")
    schema.add_argument("--project", type=Path, help="the project folder (default: the current folder)")
    schema.add_argument("--output", type=Path, help="folder for the schema files (default: docs/schema/)")
    new = commands.add_parser("new", help="start a new project in a new folder, from a small sample that builds",
                              description="start a new project in a new folder, from a small sample that builds")
    new.add_argument("folder", type=Path, help="the folder to create, e.g. water-crisis")
    serve = command("serve", "build, serve on 127.0.0.1 and reload the browser on every change")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port, 0 for any free one (default: 8000)")
    serve.add_argument("--base-path", default="/", help="serve the site under this path, e.g. /explainers/mobilization/")
    return top


def report(problems: list[Problem]) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(summary(problems), file=sys.stderr)
    return EXIT_CONTENT


def main(argv: list[str] | None = None, root: Path | None = None, prog: str = "explainer") -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in COMMANDS and args[0] not in ("-h", "--help", "--version"):
        args.insert(0, "build")
    try:
        options = parser(prog).parse_args(args)
    except SystemExit as stop:
        return EXIT_OK if stop.code == 0 else EXIT_USAGE
    if options.command == "new":
        return new(options.folder, prog)
    root = options.project or root or Path.cwd()
    if not root.is_dir():
        print(f"error: the project folder {root} does not exist; pass --project with an existing folder, "
              f"or start one with '{prog} new {root}'", file=sys.stderr)
        return EXIT_USAGE
    if options.command == "schema":
        from .schema import write_schemas
        site = project_site(Project.at(root))
        for path in write_schemas(options.output or root / "docs" / "schema", site):
            print(f"wrote {path}")
        return EXIT_OK
    project = Project.at(root, options.content, options.output, options.base_url)
    if options.command == "serve":
        from .serve import serve
        return serve(project, options.host, options.port, options.base_path)
    started = time.perf_counter()
    try:
        writing = options.command == "build"
        result = build(project, write=writing, remember=writing and not options.no_cache)
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if not result.ok:
        return report(result.problems)
    for note in result.problems:
        print(note, file=sys.stderr)
    seconds = time.perf_counter() - started
    if result.up_to_date:
        print(f"Up to date: nothing changed since the last build, which is in "
              f"{project.relative(project.output_path)}/ ({seconds:.2f} s; --no-cache builds anyway)")
        return EXIT_OK
    pages = sum(1 for o in result.outputs if o.uri.endswith(".html") and not o.uri.startswith("embed/"))
    if not any(o.uri == "sitemap.xml" for o in result.outputs):
        print(NO_BASE_URL)
    if options.command == "check":
        found = f"no errors, {len(result.problems)} note(s)" if result.problems else "no problems"
        print(f"Checked: {found}; {pages} pages would be written ({seconds:.2f} s)")
    else:
        where = project.relative(project.output_path)
        print(f"Built {pages} pages ({result.written} files) into {where}/ in {seconds:.2f} s")
    return EXIT_OK


def project_site(project: Project) -> Site | None:
    """The project's site.yaml as the model reads it (for its vocabularies), or None when it has a problem."""
    path = project.content_path / "site.yaml"
    document, _ = load_document(path, project.relative(path))
    return validate_document("site.yaml", document).made if document else None


def new(folder: Path, prog: str) -> int:
    """Copy the starter project into a new folder and say what to do next."""
    from .starter import StarterError, create
    try:
        written = create(folder)
    except StarterError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Created {folder}/ with {len(written)} files: a small sample explainer that builds as it is.")
    if prog == "explainer":
        print(f"Next: cd {folder} && {prog} build   (or '{prog} serve' to preview while you edit content/)")
    else:  # build.py builds its own checkout unless told otherwise
        print(f"Next: {prog} build --project {folder}   (or '{prog} serve --project {folder}' to preview)")
    return EXIT_OK
