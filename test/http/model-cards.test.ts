/**
 * What the catalogue reads from the files themselves. Model cards: a version's root README.md, in the
 * Hugging Face Hub's convention, read when the version is published — its front matter and first
 * paragraph are shown on the version (`card`, `baseModels` as a lineage suggestion) and fill the
 * catalogue fields the creator left empty, never the ones they wrote. Inspection: safetensors and
 * GGUF headers, read when the file is verified, shown on the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '#test/helpers/auth.js';
import { ggufFile } from '#test/helpers/gguf.js';
import { safetensorsFile } from '#test/helpers/safetensors.js';
import { uniqueId } from '#test/helpers/stack.js';
import { call, catalogueApp, createModel, sha256Hex, signIn } from './catalogue-helpers.js';

const { app, close } = catalogueApp();
let owner: SignedIn;
beforeAll(async () => {
  owner = await signIn(app);
});
afterAll(close);

const CARD = `---
license: apache-2.0
tags: [chat, Tiny Llama]
pipeline_tag: text-generation
base_model: meta-llama/Meta-Llama-3-8B
datasets: [openwebtext]
language: [en]
---
# Tiny

A tiny chat model for short answers.
`;

/** A version holding `files` (path → text), uploaded and published; returns the version as published. */
async function publishWith(modelId: string, files: Record<string, string | Buffer>) {
  const base = `/models/${modelId}/versions/1.0.0`;
  await call(app, 'POST', `/models/${modelId}/versions`, owner, { version: '1.0.0' });
  for (const [path, text] of Object.entries(files)) {
    const bytes = Buffer.from(text);
    const declared = await call(app, 'POST', `${base}/files`, owner, {
      path,
      size: bytes.length,
      sha256: sha256Hex(bytes),
      contentType: 'text/markdown',
    });
    if (declared.body.upload.kind === 'single') {
      const put = await fetch(declared.body.upload.url, {
        method: 'PUT',
        headers: declared.body.upload.headers,
        body: bytes,
      });
      expect(put.status).toBe(200);
      await call(app, 'POST', `${base}/files/${declared.body.fileId}/complete`, owner);
    }
  }
  const published = await call(app, 'POST', `${base}/publish`, owner);
  expect(published.status).toBe(200);
  return published.body;
}

describe('model cards', () => {
  it('shows the card on the published version and fills the tags and description left empty', async () => {
    const slug = uniqueId('card').toLowerCase().slice(0, 40);
    const modelId = await createModel(app, owner, slug, { tags: [], description: '' });
    const version = await publishWith(modelId, { 'README.md': `${CARD}\n<!-- ${slug} -->`, 'w.bin': slug });
    expect(version.card).toEqual({
      license: 'apache-2.0',
      tags: ['chat', 'tiny-llama'],
      pipelineTag: 'text-generation',
      baseModels: ['meta-llama/Meta-Llama-3-8B'],
      datasets: ['openwebtext'],
      languages: ['en'],
      summary: 'A tiny chat model for short answers.',
    });
    const model = (await call(app, 'GET', `/models/${modelId}`, owner)).body.model;
    expect(model).toMatchObject({
      tags: ['chat', 'tiny-llama'],
      description: 'A tiny chat model for short answers.',
    });
  });

  it('never overwrites what the creator wrote, and a version without a card has none', async () => {
    const slug = uniqueId('card-kept').toLowerCase().slice(0, 40);
    const modelId = await createModel(app, owner, slug, { tags: ['mine'], description: 'Written by me.' });
    const version = await publishWith(modelId, { 'README.md': `${CARD}\n<!-- ${slug} -->` });
    expect(version.card?.tags).toEqual(['chat', 'tiny-llama']);
    const model = (await call(app, 'GET', `/models/${modelId}`, owner)).body.model;
    expect(model).toMatchObject({ tags: ['mine'], description: 'Written by me.' });

    const bare = await createModel(app, owner, uniqueId('card-none').toLowerCase().slice(0, 40), {
      tags: [],
      description: '',
    });
    // A README.md below the root is not the card.
    const plain = await publishWith(bare, { 'docs/README.md': `${CARD}\n<!-- ${bare} -->` });
    expect(plain.card).toBeNull();
    expect((await call(app, 'GET', `/models/${bare}`, owner)).body.model).toMatchObject({
      tags: [],
      description: '',
    });
  });

  it('inspects safetensors and GGUF headers when the files are verified', async () => {
    const slug = uniqueId('inspect').toLowerCase().slice(0, 40);
    const modelId = await createModel(app, owner, slug);
    const weights = safetensorsFile(
      {
        'embed.weight': { dtype: 'BF16', shape: [64, 8], bytesPerValue: 2 },
        'head.weight': { dtype: 'F32', shape: [8, 4], bytesPerValue: 4 },
      },
      { source: slug },
    );
    const quantised = ggufFile({
      metadata: [
        ['general.architecture', 'string', 'llama'],
        ['general.file_type', 'u32', 15],
        ['llama.context_length', 'u32', 8192],
        ['general.name', 'string', slug],
      ],
      tensors: [{ name: 'token_embd.weight', dims: [64, 100] }],
    });
    const version = await publishWith(modelId, {
      'model.safetensors': weights,
      'model.Q4_K_M.gguf': quantised,
      'notes.txt': slug,
    });
    const byPath = Object.fromEntries(
      version.files.map((file: { path: string; inspection: unknown }) => [file.path, file.inspection]),
    );
    expect(byPath['model.safetensors']).toEqual({
      format: 'safetensors',
      tensorCount: 2,
      parameterCount: 64 * 8 + 8 * 4,
      dtypes: { BF16: 1, F32: 1 },
      metadata: { source: slug },
    });
    expect(byPath['model.Q4_K_M.gguf']).toEqual({
      format: 'gguf',
      version: 3,
      architecture: 'llama',
      quantization: 'Q4_K_M',
      tensorCount: 1,
      parameterCount: 6400,
      contextLength: 8192,
    });
    expect(byPath['notes.txt']).toBeNull();
  });
});
