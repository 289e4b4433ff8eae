/**
 * The model card: a `README.md` at a version's root, in the Hugging Face Hub's convention — YAML front
 * matter between `---` lines (`license`, `tags`, `pipeline_tag`, `base_model`, `datasets`, `language`),
 * then Markdown. Parsed leniently: a card is the creator's prose, so a field of the wrong shape is
 * dropped, never an error; every value is trimmed and bounded, so nothing unbounded reaches the table.
 */
import { parse } from 'yaml';
import type { z } from 'zod';
import { CATALOGUE_LIMITS, isTagText, type modelCardSchema, normaliseTag } from './schemas.js';

/** The root file that is the card, and the most of it that is read. */
export const MODEL_CARD_PATH = 'README.md';
export const MODEL_CARD_MAX_BYTES = 256 * 1024;

export type ModelCard = z.infer<typeof modelCardSchema>;

const MAX_ITEMS = 20;
const MAX_VALUE = 128;
const SUMMARY_MAX = 1_000;

/** The card in `text`, or undefined when it has neither front matter nor a paragraph. */
export function parseModelCard(text: string): ModelCard | undefined {
  const { frontMatter, body } = splitFrontMatter(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  const fields = frontMatter === undefined ? {} : readYaml(frontMatter);
  const card: ModelCard = {
    license: oneValue(fields.license),
    tags: values(fields.tags)
      .map(normaliseTag)
      .filter((tag) => tag.length <= CATALOGUE_LIMITS.tagLength && isTagText(tag))
      .filter((tag, index, all) => all.indexOf(tag) === index)
      .slice(0, CATALOGUE_LIMITS.tags),
    pipelineTag: oneValue(fields.pipeline_tag)?.toLowerCase() ?? null,
    baseModels: values(fields.base_model),
    datasets: values(fields.datasets),
    languages: values(fields.language),
    summary: firstParagraph(body),
  };
  const empty = frontMatter === undefined && card.summary === null;
  return empty ? undefined : card;
}

function splitFrontMatter(text: string): { frontMatter: string | undefined; body: string } {
  if (!text.startsWith('---\n')) return { frontMatter: undefined, body: text };
  const end = text.indexOf('\n---', 3);
  if (end < 0) return { frontMatter: undefined, body: text };
  const after = text.indexOf('\n', end + 4);
  return { frontMatter: text.slice(4, end + 1), body: after < 0 ? '' : text.slice(after + 1) };
}

function readYaml(source: string): Record<string, unknown> {
  try {
    // Plain data only: no custom tags, and a bounded alias expansion against "billion laughs".
    const value: unknown = parse(source, { maxAliasCount: 10 });
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function oneValue(value: unknown): string | null {
  const [first] = values(value);
  return first ?? null;
}

/** A string or a list of strings (numbers and booleans read as text), trimmed, bounded. */
function values(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list
    .filter((item) => ['string', 'number', 'boolean'].includes(typeof item))
    .map((item) => String(item).trim())
    .filter((item) => item.length > 0 && item.length <= MAX_VALUE)
    .slice(0, MAX_ITEMS);
}

/** The first paragraph of prose: not a heading, a list, a quote, code, a table or an image. */
function firstParagraph(body: string): string | null {
  let inCode = false;
  const paragraph: string[] = [];
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('```') || line.startsWith('~~~')) {
      inCode = !inCode;
      if (paragraph.length > 0) break;
      continue;
    }
    if (inCode) continue;
    if (line === '') {
      if (paragraph.length > 0) break;
      continue;
    }
    if (paragraph.length === 0 && /^(#|[-*+] |\d+\. |>|\||!\[|<)/.test(line)) continue;
    paragraph.push(line);
  }
  const text = paragraph.join(' ').trim();
  if (!text) return null;
  return text.length <= SUMMARY_MAX ? text : `${text.slice(0, SUMMARY_MAX - 1)}…`;
}
