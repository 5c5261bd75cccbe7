"""The one pipeline that build, serve, check and the benchmark all drive:
load -> model -> plan -> render -> write."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from .model.config import SiteConfig, normalise_base_url
from .errors import BuildFailed, Collector, Problem
from .model.i18n import Catalogue, read_catalogues
from .load.project import Inputs, load_project
from .model.schema import Site, build_site
from .plan.pages import PlannedPage, plan_editions
from .render.pages import render_site
from .write.search import index_site
from .model.translations import Edition, localize, read_translations
from .write.output import write_site


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    output: Path | None = None  # default: <root>/site
    base_url: str | None = None
    drafts: bool = False
    force: bool = False
    debug: bool = False
    theme: Path | None = None  # folder with templates/ and static/; default: root
    search: bool = True  # write the Pagefind search index
    cache: bool = True  # keep parsed documents, bodies and page records in <root>/.cache/build/
    jobs: int = 0  # processes to render with; 0: one per core

    @property
    def output_dir(self) -> Path:
        return self.output if self.output is not None else self.root / "site"

    def configure(self, config: SiteConfig) -> SiteConfig:
        """The site's settings with the command line's overrides."""
        if not self.base_url:
            return config
        try:
            return config.with_base_url(self.base_url)
        except ValueError as error:
            raise BuildFailed([Problem("--base-url", 0, str(error))]) from None


@dataclass(frozen=True)
class BuildResult:
    site: Site
    pages: list[PlannedPage]
    files: Mapping[str, bytes]  # output path -> content (read from the output after build())
    editions: list[Edition]
    report: object = None  # incremental.BuildReport, for build()


def render(options: BuildOptions) -> BuildResult:
    """Everything but writing, from scratch in one process: raises BuildFailed with
    every problem found. The reference that incremental builds must equal byte for byte."""
    problems = Collector()
    inputs = load_project(options.root, problems, options.theme)
    problems.raise_if_any()
    site, editions, catalogues = editions_of(inputs, options)
    pages = plan_editions(editions)
    files = render_site(editions, catalogues, pages, inputs.templates, inputs.static,
                        debug=options.debug, map_data=inputs.map)
    return BuildResult(site, pages, files, editions)


def editions_of(inputs: Inputs, options: BuildOptions) -> tuple[Site, list[Edition], dict[str, Catalogue]]:
    """The validated Site, each language edition of it, and each edition's interface strings."""
    problems = Collector()
    config = options.configure(inputs.config)
    site = build_site(config, inputs.documents, include_drafts=options.drafts)
    translations = read_translations(site, inputs.translations, problems)
    catalogues = _catalogues(inputs, config, problems)
    problems.raise_if_any()
    editions = [localize(site, language.code, translations) for language in config.languages]
    return site, editions, catalogues


def _catalogues(inputs: Inputs, config: SiteConfig, problems: Collector) -> dict[str, Catalogue]:
    """Each edition's interface strings, with the locale site.yaml may set for it."""
    catalogues = read_catalogues(inputs.catalogues, [l.code for l in config.languages],
                                 config.default_language, problems)
    for language in config.languages:
        if language.locale and language.code in catalogues:
            catalogues[language.code] = replace(catalogues[language.code], locale=language.locale)
    return catalogues


def build(options: BuildOptions) -> BuildResult:
    """Render what changed since the last build, then swap the new site in whole
    (see incremental.Builder; a failed build leaves the previous site as it was)."""
    from .incremental import Builder  # the engine is built on this module's stages

    return Builder(options).build()


def build_from_scratch(options: BuildOptions) -> BuildResult:
    """Render everything in one process and write it in one swap: what build() must equal."""
    result = render(options)
    write_site(result.files, options.output_dir, force=options.force,
               finish=index_site if options.search else None)
    return result


__all__ = ["BuildOptions", "BuildResult", "build", "build_from_scratch", "render",
           "normalise_base_url"]
