// Typed arrays and a JSON header in one file, for tables built once and read many times (the
// t2s tables, built at build time and read by every worker; the store's fact table): a read and
// a view per array instead of building them again. Little-endian only; a big-endian machine, or a
// damaged or foreign file, gets undefined, and the caller builds the tables another way.

const MAGIC = 0x314b5046; // "FPK1" little-endian
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export type Packable = Uint8Array | Uint16Array | Int32Array;
const KINDS = { u8: Uint8Array, u16: Uint16Array, i32: Int32Array } as const;
type Kind = keyof typeof KINDS;

const kindOf = (a: Packable): Kind => (a instanceof Uint8Array ? 'u8' : a instanceof Uint16Array ? 'u16' : 'i32');
const align8 = (n: number) => (n + 7) & ~7;

/** `header` (any JSON) and `arrays`, in that order, as one buffer. */
export function packArrays(header: unknown, arrays: Packable[]): Uint8Array | undefined {
  if (!LITTLE_ENDIAN) return undefined;
  const layout: [Kind, number][] = arrays.map((a) => [kindOf(a), a.length]);
  const json = Buffer.from(JSON.stringify({ header, layout }));
  let size = align8(8 + json.length);
  const offsets = arrays.map((a) => {
    const at = size;
    size = align8(size + a.byteLength);
    return at;
  });
  const out = new Uint8Array(size);
  const head = new DataView(out.buffer);
  head.setUint32(0, MAGIC, true);
  head.setUint32(4, json.length, true);
  out.set(json, 8);
  arrays.forEach((a, i) => out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offsets[i]));
  return out;
}

/** What packArrays packed: views into `bytes` (no copy), or undefined when it is not such a file. */
export function unpackArrays(bytes: Uint8Array): { header: unknown; arrays: Packable[] } | undefined {
  if (!LITTLE_ENDIAN || bytes.length < 8) return undefined;
  // Views need their element size's alignment; a small file read into Node's shared pool may
  // start anywhere.
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  const head = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (head.getUint32(0, true) !== MAGIC) return undefined;
  const jsonLength = head.getUint32(4, true);
  if (8 + jsonLength > bytes.length) return undefined;
  let parsed: { header: unknown; layout: [Kind, number][] };
  try {
    parsed = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, jsonLength).toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed?.layout)) return undefined;
  let at = align8(8 + jsonLength);
  const arrays: Packable[] = [];
  for (const entry of parsed.layout) {
    const [kind, length] = Array.isArray(entry) ? entry : [undefined, -1];
    const View = KINDS[kind as Kind];
    if (!View || !Number.isInteger(length) || length < 0) return undefined;
    const byteLength = length * View.BYTES_PER_ELEMENT;
    if (at + byteLength > bytes.length) return undefined;
    arrays.push(new View(bytes.buffer as ArrayBuffer, bytes.byteOffset + at, length));
    at = align8(at + byteLength);
  }
  if (at !== bytes.length) return undefined;
  return { header: parsed.header, arrays };
}
