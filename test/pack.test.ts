// Packed typed arrays (src/pack.ts): what is packed unpacks to the same header and arrays, from
// any byte offset; a cut, padded or foreign buffer is refused, never half-read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { packArrays, unpackArrays, type Packable } from '../src/pack.ts';

const array: fc.Arbitrary<Packable> = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }).map((xs) => Uint8Array.from(xs)),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((xs) => Uint16Array.from(xs)),
  fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 40 }).map((xs) => Int32Array.from(xs)),
);
const header = fc.record({ source: fc.string(), format: fc.nat(), names: fc.array(fc.constantFrom('縣', '原阳县', 'a"b', '')) });

test('arrays and header come back as packed, as views of the same kind', () => {
  fc.assert(
    fc.property(header, fc.array(array, { maxLength: 8 }), (h, arrays) => {
      const packed = packArrays(h, arrays)!;
      const back = unpackArrays(packed)!;
      assert.deepEqual(back.header, JSON.parse(JSON.stringify(h)));
      assert.equal(back.arrays.length, arrays.length);
      back.arrays.forEach((a, i) => {
        assert.equal(a.constructor, arrays[i].constructor);
        assert.deepEqual([...a], [...arrays[i]]);
        assert.equal(a.buffer, packed.buffer, 'a view, not a copy');
      });
    }),
  );
});

test('a packed buffer read at an odd offset (a small file in Node\'s pool) still unpacks', () => {
  const packed = packArrays({ n: 1 }, [Int32Array.of(1, -2, 3), Uint16Array.of(0x7e23)])!;
  const host = new Uint8Array(packed.length + 3);
  host.set(packed, 3);
  const back = unpackArrays(host.subarray(3))!;
  assert.deepEqual([...back.arrays[0]], [1, -2, 3]);
  assert.deepEqual([...back.arrays[1]], [0x7e23]);
});

test('cut, padded or foreign bytes are refused', () => {
  fc.assert(
    fc.property(fc.array(array, { minLength: 1, maxLength: 5 }), fc.nat(), (arrays, k) => {
      const packed = packArrays({ ok: true }, arrays)!;
      const cut = k % packed.length;
      assert.equal(unpackArrays(packed.subarray(0, cut)), undefined, `cut to ${cut} of ${packed.length}`);
      const padded = new Uint8Array(packed.length + 8);
      padded.set(packed);
      assert.equal(unpackArrays(padded), undefined);
    }),
  );
  assert.equal(unpackArrays(Buffer.from('{"header":1,"layout":[]}')), undefined);
  const bad = packArrays({}, [Uint8Array.of(1)])!;
  bad[0] ^= 1;
  assert.equal(unpackArrays(bad), undefined);
});
