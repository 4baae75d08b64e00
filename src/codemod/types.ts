import type { TextEdit } from '../edits/text-edit.js';
import type { Tree } from '../languages/python/parser.js';
import type { ProbeResult } from '../verify/live/probe.js';
import type { FileKind } from '../workspace/file-kinds.js';
import type { SourceFile } from '../workspace/source-file.js';

export interface FollowUp {
  path: string;
  line: number;
  rule: string;
  message: string;
  /** True when a `migrate-driver: TODO` marker is (or already was) in the file. */
  marked: boolean;
}

/** A rule raises this to leave a file untouched and say why (LibCST's SkipFile). */
export class SkipFile extends Error {}

export interface FileContext<Facts> {
  readonly file: SourceFile;
  readonly kind: FileKind;
  readonly facts: Facts;
  /** Parses on first call (Python files only). */
  python(): Promise<Tree>;
  /** Counts a parse done by a rule itself (JS/TS), for the summary. */
  noteParsed(): void;
  /**
   * Declares [start, end) of the parsed original one whole expression of the given Babel node type
   * (after noteParsed): edits that stay inside such ranges are validated by parsing those ranges alone.
   */
  noteExpression(start: number, end: number, type: string): void;
  edit(start: number, end: number, text: string, kind: string, description: string): void;
  /** Reports a follow-up; with `marker`, also writes a TODO comment above the line of `offset`. */
  followUp(offset: number, rule: string, message: string, opts?: { marker?: boolean; anchor?: number }): void;
  /** Asks for a new file (relative to the run's root) holding exactly `text`; asked twice, made once. */
  addFile(rel: string, text: string): void;
}

export interface ScannedFile {
  file: SourceFile;
  kind: FileKind;
  /**
   * A Python file's tree, when the scan parsed it already and found no syntax error: the transform
   * takes it instead of parsing again, and frees it with the file.
   */
  tree?: Tree;
}

export interface Codemod<Facts = unknown> {
  name: string;
  summary: string;
  /** Substrings that make a file worth reading further; files without any are never parsed. */
  triggers: readonly string[];
  /** A file worth reading although it holds no trigger text, judged by its shape (named query configs); asked only of files without trigger text. */
  candidate?(text: string, kind: FileKind): boolean;
  /** File kinds read whatever their text (manifests: whether one declares the new driver matters). */
  alwaysRead?: readonly FileKind[];
  /** True when this codemod changes dependencies, so lockfiles that mention them need a re-lock; otherwise lockfiles are only read (versions). */
  relocks?: boolean;
  /** Facts across the whole workspace, gathered from prefiltered files before any edit. */
  scan(files: readonly ScannedFile[]): Facts | Promise<Facts>;
  /** Files the facts say must be edited although they lack trigger text (a module that defines options used elsewhere). */
  extraTargets?(facts: Facts): readonly string[];
  transform(ctx: FileContext<Facts>): Promise<void>;
  /** Lines for the report about the run as a whole (no marker, no effect on --check). */
  notes?(facts: Facts, changedFiles: number): string[];
  /** Given a live endpoint (--url): the same codemod, writing only what that endpoint needs. */
  forEndpoint?(endpoint: EndpointContext): Codemod<Facts>;
  /** The same codemod with the command line's own options (e.g. `{ placeholders: 'percent' }`); throws on a value it does not know. */
  withOptions?(options: CodemodOptions): Codemod<Facts>;
}

/** A codemod's own command-line options, by name (the flag without its dashes). */
export type CodemodOptions = Readonly<Record<string, string>>;

/** The endpoint given with --url, as the live probes saw it (host, port, database and user only). */
export interface EndpointContext {
  where: string;
  probe: ProbeResult;
}

export interface FileOutcome {
  rel: string;
  /** A file the run creates: `before` is empty and nothing exists at its path yet. */
  created?: true;
  kind: FileKind;
  edits: TextEdit[];
  before: string;
  after: string;
  source: SourceFile;
}
