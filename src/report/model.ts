import { lineNumber } from '../codemod/layout.js';
import { diffOf, type RunResult } from '../codemod/run.js';
import { unifiedDiff } from '../edits/unified-diff.js';

/** The run as printers see it: plain data, secrets not yet masked. */
export interface Report {
  command: string;
  root: string;
  mode: 'dry-run' | 'write' | 'check';
  written: boolean;
  /** `created`: the file does not exist yet and the run creates it (its diff is from /dev/null). */
  files: { path: string; created?: true; edits: { kind: string; line: number; description: string }[]; diff: string }[];
  followUps: RunResult['followUps'];
  skipped: { path: string; reason: string; relevant: boolean }[];
  relock: string[];
  notes: string[];
  summary: {
    filesScanned: number;
    filesIgnored: number;
    filesRead: number;
    filesParsed: number;
    /** Every file written, the created ones included. */
    filesChanged: number;
    /** Of those, files that do not exist yet. */
    filesCreated: number;
    edits: number;
    editsByKind: Record<string, number>;
    followUps: number;
    skipped: number;
    /** Skipped files that mention the driver or could not be read to tell. */
    skippedRelevant: number;
  };
}

export function buildReport(r: RunResult, mode: Report['mode'], written: boolean): Report {
  const editsByKind: Record<string, number> = {};
  let edits = 0;
  for (const f of r.changed) {
    for (const e of f.edits) {
      editsByKind[e.kind] = (editsByKind[e.kind] ?? 0) + 1;
      edits++;
    }
  }
  return {
    command: r.codemod,
    root: r.root,
    mode,
    written,
    files: r.changed.map((f) => ({
      path: f.rel,
      ...(f.created ? { created: true as const } : {}),
      edits: f.edits.map((e) => ({ kind: e.kind, line: lineNumber(f.before, e.start), description: e.description })),
      // A created file has no BOM (it is written as plain UTF-8), and git must see it as new.
      diff: f.created ? unifiedDiff(f.rel, '', f.after, { created: true }) : diffOf(f),
    })),
    followUps: r.followUps,
    skipped: r.skipped.map((s) => ({ path: s.rel, reason: s.reason, relevant: s.relevant })),
    relock: r.relock,
    notes: r.notes,
    summary: {
      filesScanned: r.counts.discovered,
      filesIgnored: r.counts.ignored,
      filesRead: r.counts.candidates,
      filesParsed: r.counts.parsed,
      filesChanged: r.changed.length,
      filesCreated: r.changed.filter((f) => f.created).length,
      edits,
      editsByKind,
      followUps: r.followUps.length,
      skipped: r.skipped.length,
      skippedRelevant: r.skipped.filter((s) => s.relevant).length,
    },
  };
}
