import { describe, expect, it } from 'vitest';
import { parseModelCard } from '#domain/catalogue/model-card.js';

const CARD = `---
license: apache-2.0
tags:
  - text-generation
  - Llama 3
  - "bad tag!"
pipeline_tag: Text-Generation
base_model: meta-llama/Meta-Llama-3-8B
datasets: [openwebtext, c4]
language:
  - en
  - fr
---

# Tiny Llama

![logo](logo.png)

A small model fine-tuned for
short answers.

More prose.
`;

describe('parseModelCard', () => {
  it("reads the Hub's front matter and the first paragraph", () => {
    expect(parseModelCard(CARD)).toEqual({
      license: 'apache-2.0',
      tags: ['text-generation', 'llama-3'],
      pipelineTag: 'text-generation',
      baseModels: ['meta-llama/Meta-Llama-3-8B'],
      datasets: ['openwebtext', 'c4'],
      languages: ['en', 'fr'],
      summary: 'A small model fine-tuned for short answers.',
    });
  });

  it('drops fields of the wrong shape instead of failing, and bounds what it keeps', () => {
    const card = parseModelCard(
      `---\nlicense: {a: 1}\ntags: ${JSON.stringify(Array.from({ length: 50 }, (_, i) => `t${i}`))}\nbase_model: [${'x'.repeat(500)}]\n---\n`,
    );
    expect(card).toMatchObject({ license: null, baseModels: [], summary: null });
    expect(card?.tags.length).toBeLessThanOrEqual(20);
  });

  it('survives YAML that does not parse, CRLF line ends and a card without front matter', () => {
    expect(parseModelCard('---\n: : :\n  - [\n---\nHello there.\n')).toMatchObject({
      license: null,
      summary: 'Hello there.',
    });
    expect(parseModelCard('---\r\nlicense: mit\r\n---\r\nBody.\r\n')).toMatchObject({
      license: 'mit',
      summary: 'Body.',
    });
    expect(parseModelCard('# Title\n\nJust prose.')).toMatchObject({ tags: [], summary: 'Just prose.' });
    expect(parseModelCard('# Only a title\n')).toBeUndefined();
  });

  it('refuses alias bombs rather than expanding them', () => {
    const bomb = `---\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nlicense: mit\n---\n`;
    expect(parseModelCard(bomb)).toMatchObject({ license: null });
  });
});
