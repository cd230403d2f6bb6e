import { z } from 'zod'

/**
 * One intent definition (one JSON file in intents/). Adding a phrasing is a data change: a new
 * pattern or keyword plus an example, which the test suite routes and checks.
 */

/**
 * Who a help line is for; 「帮助」 lists them in this order, what most people need first: asking
 * about the plan, then reporting progress, then leaders' summaries, then admin work. The 督办 cycle
 * ('cycle': 办结, 延期, 佐证材料) has its own 「督办帮助」; 「帮助」 points to it in one line, so it
 * still fits one WeChat message.
 */
export const HELP_GROUPS = ['ask', 'report', 'lead', 'admin', 'cycle'] as const
export const HelpGroup = z.enum(HELP_GROUPS)
export type HelpGroup = z.infer<typeof HelpGroup>

/** Slot kinds the router knows how to check: a unit must resolve to a unit of the plan. */
export const SlotKind = z.enum(['unit', 'task', 'section', 'text', 'user'])

export const IntentDefinition = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z_]*$/),
    description: z.string().min(1),
    /**
     * A command keeps its own grammar (patterns over the whole message: 进度 20 …, 绑定, 汇总); a
     * question is read into a frame from its parts (src/core/query/) and has no patterns: its
     * examples are the questions the frame must answer as this intent.
     */
    kind: z.enum(['command', 'question']).default('command'),
    /** Higher runs first. Ties keep file-name order. */
    priority: z.number().int(),
    /** Regular expressions over the normalised message; named groups become slots. */
    patterns: z.array(z.string()).default([]),
    /** Substrings that select the intent when no pattern of a higher intent matched. */
    keywords: z.array(z.string()).default([]),
    /** Slot name → kind. A `unit` slot must resolve to a plan unit or the pattern does not count. */
    slots: z.record(z.string(), SlotKind).default({}),
    /** Shown by 「帮助」. */
    help: z.string().optional(),
    /** Where 「帮助」 lists the help line (see HELP_GROUPS); required with `help`. */
    helpGroup: HelpGroup.optional(),
    /** Order within the help group, lowest first (what is asked most comes first). */
    helpRank: z.number().int().default(50),
    /** Messages that must route to this intent; every one is a test case. */
    examples: z.array(z.string()).min(1),
  })
  .refine((d) => d.help === undefined || d.helpGroup !== undefined, { message: 'helpGroup is required with help', path: ['helpGroup'] })
  .refine((d) => d.kind === 'command' || (d.patterns.length === 0 && d.keywords.length === 0), {
    message: 'a question is read from its parts: it has no patterns or keywords',
    path: ['patterns'],
  })
export type IntentDefinition = z.infer<typeof IntentDefinition>
