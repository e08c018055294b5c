// Reads a wasm's bytes in order, from past its header: what scripts/wasm-split.mjs and
// scripts/short-names.mjs need of the format (sections, LEB128 numbers, names).

/** A reader of `bytes` whose `at` is the offset of the next byte to read. */
export function wasmReader(bytes) {
  const reader = {
    at: 8, // past the magic number and the version
    /** An unsigned LEB128 number. */
    leb() {
      let value = 0;
      for (let shift = 0; ; shift += 7) {
        const byte = bytes[reader.at++];
        value += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) return value;
      }
    },
    /** The next `length` bytes as text. */
    text(length, encoding = "utf8") {
      return bytes.toString(encoding, reader.at, (reader.at += length));
    },
  };
  return reader;
}
