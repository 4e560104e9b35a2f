#!/usr/bin/env node
// Answers math problems with a NeuralMath ONNX export, reading only manifest.json and greedy.onnx.
// Usage: node predict.js <export-folder> <input>...   e.g. node predict.js ../../exports/x 45+202 260+39
// Prints one line per input: "<input> -> <answer>" (or "<input>: error: <why>"). See docs/onnx.md.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ort = require('onnxruntime-node');

/** Reads the manifest and builds the token lookups it describes. */
function readManifest(folder) {
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
  const tokenOf = new Map(manifest.vocabulary.map((t) => [t.id, t.token]));
  const idOf = new Map(manifest.vocabulary.map((t) => [t.token, t.id]));
  return { manifest, tokenOf, idOf };
}

/** The digit token ids of a non-negative BigInt in the manifest's base and digit order. */
function digitIds(value, { manifest, idOf }) {
  const base = BigInt(manifest.base);
  const ids = [];
  do {
    ids.push(idOf.get((value % base).toString()));
    value /= base;
  } while (value !== 0n);
  return manifest.digitOrder === 'mostSignificantFirst' ? ids.reverse() : ids;
}

/** Text such as "45+202" → framed source ids [SOS] ... [EOS], following input.template; throws with a reason. */
function encode(text, model) {
  const { manifest, idOf } = model;
  const input = manifest.input;
  if (text.includes('-')) throw new Error(`negative numbers are not accepted: write ${input.rules}`);
  const operands = (text.match(/\d+/g) ?? []).map((d) => BigInt(d));
  if (operands.length !== input.arity) throw new Error(`expected ${input.rules}, e.g. ${input.example.text}`);
  if (operands.some((v) => v > 9223372036854775807n)) throw new Error('a number is beyond the 64-bit integer range');
  const ids = [manifest.specialTokens['[SOS]']];
  for (const part of input.template) {
    if ('token' in part) ids.push(idOf.get(part.token));
    else ids.push(...digitIds(operands[part.operand], model));
  }
  ids.push(manifest.specialTokens['[EOS]']);
  if (ids.length > manifest.maxPositions) throw new Error(`too long: ${ids.length} tokens, the model reads at most ${manifest.maxPositions}`);
  return ids;
}

/** Output ids (after [SOS]) → answer text: digit runs become decimal numbers, operators stay; null without [EOS]. */
function decode(ids, { manifest, tokenOf }) {
  const end = ids.indexOf(manifest.specialTokens['[EOS]']);
  if (end < 0) return null;
  const base = BigInt(manifest.base);
  const parts = [];
  let digits = [];
  const flush = () => {
    if (digits.length === 0) return;
    if (manifest.digitOrder !== 'mostSignificantFirst') digits.reverse();
    parts.push(digits.reduce((acc, d) => acc * base + BigInt(d), 0n).toString());
    digits = [];
  };
  for (const id of ids.slice(0, end)) {
    if (id >= manifest.firstDigitId) digits.push(id - manifest.firstDigitId);
    else {
      flush();
      parts.push(tokenOf.get(id));
    }
  }
  flush();
  return parts.join(' ');
}

async function main() {
  const [folder, ...texts] = process.argv.slice(2);
  if (!folder || texts.length === 0) {
    console.error('usage: node predict.js <export-folder> <input>...');
    process.exit(2);
  }
  const model = readManifest(folder);
  const { manifest } = model;
  const greedy = manifest.greedy;
  const sources = texts.map((t) => {
    try {
      return encode(t, model);
    } catch (e) {
      return e;
    }
  });
  const valid = sources.filter((s) => !(s instanceof Error));
  const answers = [];
  if (valid.length > 0) {
    // One batch, right-padded with [PAD]: input_ids int64 [batch, source] → output_ids int64 [batch, target].
    const width = Math.max(...valid.map((s) => s.length));
    const data = new BigInt64Array(valid.length * width).fill(BigInt(manifest.specialTokens['[PAD]']));
    valid.forEach((s, r) => s.forEach((id, c) => { data[r * width + c] = BigInt(id); }));
    const session = await ort.InferenceSession.create(path.join(folder, greedy.file));
    const out = (await session.run({ [greedy.input]: new ort.Tensor('int64', data, [valid.length, width]) }))[greedy.output];
    const target = out.dims[1];
    for (let r = 0; r < valid.length; r++) answers.push(decode(Array.from(out.data.slice(r * target, (r + 1) * target), Number), model));
  }
  let next = 0;
  texts.forEach((t, i) => {
    if (sources[i] instanceof Error) console.log(`${t}: error: ${sources[i].message}`);
    else console.log(`${t} -> ${answers[next++] ?? '(no answer)'}`);
  });
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
