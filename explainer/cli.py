"""The command line: build (the default), check, serve, schema, new, pull and docs; main(argv) returns the exit code.

The stages are imported once a command runs, inside the handler for Ctrl-C, so that stopping at any moment
(even while Python is still importing them) is one calm line, never a traceback."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .problems import Problem, did_you_mean, summary
from .project import DOCS_PATH, Project

if TYPE_CHECKING:
    from .editions import Gap

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_STOPPED = 0, 1, 2, 130
COMMANDS = ("build", "check", "schema", "serve", "new", "pull", "docs", "status")


def port(text: str) -> int:
    """A TCP port from the command line, in words people use when it is not one."""
    try:
        number = int(text)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: use a number from 0 to 65535 "
                                         "(0 picks any free one)")
    return number


def parser(prog: str) -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog=prog,
        description="Build a static explainer site from a project folder: content/ (YAML + Markdown), and "
                    "optionally layouts/ and assets/ that override the theme's files of the same name, into dist/.",
        epilog=f"Without a command, 'build' runs. build, check and serve take --project DIR, --content DIR, "
               f"--output DIR and --base-url URL (see '{prog} build --help'). "
               "Exit codes: 0 built, 1 content problems, 2 usage or output errors, 130 stopped with Ctrl-C "
               "(0 for serve, which runs until stopped). "
               f"'{prog} docs' prints the folder of the docs the messages point at (docs/content.md, …).")
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
    build_command.add_argument("--force", action="store_true",
                               help="write the site into an output folder that holds files no build put there "
                                    "(they are deleted: every build replaces the whole folder)")
    command("check", "check the content and layouts without writing anything")
    status = command("status", "list each edition's stale and missing translations")
    status.add_argument("--stamp", action="append", metavar="FILE:LINE", default=[],
                        help="after updating the stale translation at FILE:LINE (as status lists it), set its from: "
                             "to the original's current fingerprint; may be given more than once")
    schema = commands.add_parser("schema", help="write the content model's JSON Schema files into docs/schema/")
    schema.add_argument("--project", type=Path, help="the project folder (default: the current folder)")
    schema.add_argument("--output", type=Path, help="folder for the schema files (default: docs/schema/)")
    new = commands.add_parser("new", help="start a new project folder from a small sample that builds",
                              description="start a new project folder from a small sample that builds")
    new.add_argument("folder", type=Path, help="the folder to create, e.g. water-crisis")
    pull = commands.add_parser("pull", help="fetch the content files site.yaml's 'pull:' maps to addresses",
                               description="fetch the content files site.yaml's 'pull:' maps to addresses (a "
                                           "Google Sheet's CSV, a Google Doc's text) into content/")
    pull.add_argument("--project", type=Path, help="the project folder (default: the current folder)")
    pull.add_argument("--content", type=Path, help="content folder (default: content/)")
    pull.add_argument("--force", action="store_true", help="overwrite files changed here since they were last pulled")
    commands.add_parser("docs", help="print the folder of the docs the messages point at",
                        description="print the folder of the docs the messages point at (docs/content.md, …)")
    serve = command("serve", "build, serve on 127.0.0.1 and reload the browser on every change")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=port, default=8000, help="port, 0 for any free one (default: 8000)")
    serve.add_argument("--base-path", default="/", help="serve the site under this path, e.g. /explainers/mobilization/")
    return top


def report(problems: list[Problem], project: Project, wrote: bool) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(summary(problems, project.relative(project.output_path) if wrote else None), file=sys.stderr)
    return EXIT_CONTENT


def main(argv: list[str] | None = None, root: Path | None = None, prog: str = "explainer") -> int:
    """Run one command; Ctrl-C at any moment stops it with one line ('Stopped.'), exit 0 for the preview."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return run(args, root, prog)
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
        return EXIT_OK if args[:1] == ["serve"] else EXIT_STOPPED


def run(args: list[str], root: Path | None, prog: str) -> int:
    if args and args[0] not in COMMANDS and not args[0].startswith("-"):
        parser(prog).print_usage(sys.stderr)
        print(f"{prog}: error: unknown command '{args[0]}'; {did_you_mean(args[0], COMMANDS)}", file=sys.stderr)
        return EXIT_USAGE
    if not args or args[0] not in COMMANDS and args[0] not in ("-h", "--help", "--version"):
        args.insert(0, "build")
    try:
        options = parser(prog).parse_args(args)
    except SystemExit as stop:
        return EXIT_OK if stop.code == 0 else EXIT_USAGE
    if options.command == "new":
        return new(options.folder, prog)
    if options.command == "docs":
        print(DOCS_PATH)
        return EXIT_OK
    root = options.project or root or Path.cwd()
    if not root.is_dir():
        print(f"error: the project folder {root} does not exist; pass --project with an existing folder, "
              f"or start one with '{prog} new {root}'", file=sys.stderr)
        return EXIT_USAGE
    if options.command == "schema":
        return schema(Project.at(root), options.output or root / "docs" / "schema")
    if options.command == "pull":
        from .pull import pull
        return pull(Project.at(root, options.content), options.force)
    from .scalars import Invalid, base_url
    try:
        address = None if options.base_url is None else base_url(options.base_url)
    except Invalid as error:
        print(f"error: --base-url: {error.message}; {error.hint}", file=sys.stderr)
        return EXIT_USAGE
    project = Project.at(root, options.content, options.output, address)
    if options.command == "serve":
        from .serve import serve
        return serve(project, options.host, options.port, options.base_path)
    if options.command == "status":
        return status(project, options.stamp)
    write = options.command == "build"
    return build_or_check(project, write, remember=write and not options.no_cache, force=write and options.force)


def build_or_check(project: Project, write: bool, remember: bool, force: bool) -> int:
    from .formats.sitemap import NO_BASE_URL
    from .pipeline import check_site, write_site
    from .plan import address
    from .write import OutputError

    started = time.perf_counter()
    noted = holds_a_site_without_base_url(project.output_path)  # built by an earlier run, which said so
    try:
        result = write_site(project, remember=remember, force=force) if write else check_site(project)
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if not result.ok:
        return report(result.problems, project, write)
    for note in result.problems:
        print(note, file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    seconds = time.perf_counter() - started
    where = project.relative(project.output_path)
    if result.up_to_date:
        print(f"Up to date: nothing changed since the last build, which is in {where}/ "
              f"({seconds:.2f} s; --no-cache builds anyway)")
        return EXIT_OK
    pages = sum(1 for o in result.outputs if o.uri.endswith(".html") and not o.uri.startswith("embed/"))
    if write and not noted and not any(o.uri == address("sitemap") for o in result.outputs):
        print(NO_BASE_URL)
    if not write:
        found = f"no errors, {len(result.problems)} note(s)" if result.problems else "no problems"
        print(f"Checked: {found}; {pages} pages would be written ({seconds:.2f} s)")
    else:
        print(f"Built {pages} pages ({result.written} files) into {where}/ in {seconds:.2f} s")
    return EXIT_OK


def status(project: Project, stamps: list[str]) -> int:
    """Print every gap of every edition, file:line first; with stamps, set the from: of the stale fields named."""
    from .pipeline import editions_of
    editions, problems = editions_of(project)
    if editions is None:
        return report(problems, project, False)
    gaps = [gap for edition in editions for gap in edition.gaps]
    if stamps:
        return stamped(project, gaps, stamps)
    for edition in editions[1:]:
        stale = sum(gap.kind == "stale" for gap in edition.gaps)
        print(f"{edition.language}: {stale} stale, {len(edition.gaps) - stale} missing")
        for gap in edition.gaps:
            where = f"{gap.file}:{gap.line}:{gap.col}" if gap.line else gap.file
            said = " ".join(gap.text.split())
            print(f"{where}: {gap.kind}: {gap.what}; the original ({gap.original}) says “{said[:100]}”; "
                  f"from: {gap.fingerprint}")
    if len(editions) == 1:
        print("The site has one language: list the others under 'editions:' in site.yaml (see docs/content.md)")
    return EXIT_OK


def stamped(project: Project, gaps: list[Gap], stamps: list[str]) -> int:
    """Set the from: fingerprint of each stale field a stamp names (FILE:LINE as status printed it)."""
    from .editions import stamp
    by_file: dict[str, list[Gap]] = {}
    for named in stamps:
        file, _, line = named.rpartition(":")
        found = [gap for gap in gaps if gap.kind == "stale" and gap.line == (int(line) if line.isdigit() else -1)
                 and (gap.file == file or Path(gap.file).resolve() == Path(file).resolve())]
        if not found:
            print(f"error: --stamp {named}: no stale translation starts there; run status to see where they are",
                  file=sys.stderr)
            return EXIT_USAGE
        by_file.setdefault(found[0].file, []).extend(found)
    for file, found in by_file.items():
        path = project.root / file
        try:
            path.write_text(stamp(path.read_text(encoding="utf-8"), found), encoding="utf-8")
        except (OSError, ValueError) as error:
            print(f"error: --stamp {file}: {error}", file=sys.stderr)
            return EXIT_USAGE
        for gap in found:
            print(f"stamped {gap.file}:{gap.line}: {gap.what}, from: {gap.fingerprint}")
    return EXIT_OK


def holds_a_site_without_base_url(output: Path) -> bool:
    """True when the output folder holds a site built without a base URL (it has pages but no sitemap)."""
    from .plan import address
    return (output / address("home")).is_file() and not (output / address("sitemap")).exists()


def schema(project: Project, folder: Path) -> int:
    """Write the JSON Schema files, offering the project's own sides, categories and place fields where it has them,
    and describing ids with its own."""
    from .schema import project_examples, project_site, write_schemas
    for written in write_schemas(folder, project_site(project), project_examples(project)):
        print(f"wrote {written}")
    return EXIT_OK


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
