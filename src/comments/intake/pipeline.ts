import { approval, articleOpen, blocklist, honeypot, humanPace, linkLimit, notBanned, placement, render, shape, whoMayComment } from './phases.ts';
import type { Decision, Intake, IntakeFacts, IntakeRules, Phase, Refusal, Submission } from './types.ts';

/**
 * Comment intake, as policy: the phases in the order they are applied. The
 * cheap refusals come first, so a program caught by the honeypot never costs a
 * render. What needs the database (rate limits, the same text posted twice) is
 * decided after these, in the transaction that writes the comment (writer.ts).
 */
export const INTAKE: readonly Phase[] = [
  articleOpen, // the article takes comments, and has not closed by age
  whoMayComment, // guests, or signed-in readers only
  notBanned, // the moderators have not banned this account or address
  honeypot, // a field people never see is empty
  humanPace, // not sent within seconds of the form being drawn
  shape, // not empty, not too long; a guest's name and email address
  render, // the small Markdown, sanitised
  linkLimit, // no more links than the site allows
  blocklist, // no word or address the site refuses
  placement, // where a reply goes, within the depth limit
  approval, // shown at once, or waiting for a moderator
];

/** An author's edit: the same rules for what a comment may contain. */
export const EDIT_PHASES: readonly Phase[] = [shape, render, linkLimit, blocklist];

export type IntakeResult = { ok: true; decision: Decision } | { ok: false; refusal: Refusal; phase: string };

export function runIntake(input: Submission, rules: IntakeRules, facts: IntakeFacts, phases: readonly Phase[] = INTAKE): IntakeResult {
  const intake: Intake = { input, rules, facts, decision: {} };
  for (const phase of phases) {
    const r = phase.run(intake);
    if (!r) continue;
    if ('refuse' in r) return { ok: false, refusal: r.refuse, phase: phase.name };
    Object.assign(intake.decision, r.decide);
  }
  return { ok: true, decision: intake.decision as Decision };
}
