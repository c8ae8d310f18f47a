/** A growable byte string: the bytes a hole has produced so far. */
export class ByteBuffer {
  #data: Uint8Array;
  #length: number;

  constructor(capacity = 64, data?: Uint8Array, length = 0) {
    this.#data = data ?? new Uint8Array(capacity);
    this.#length = length;
  }

  get length(): number {
    return this.#length;
  }

  push(bytes: Uint8Array): void {
    if (this.#length + bytes.length > this.#data.length) {
      const grown = new Uint8Array(Math.max(this.#data.length * 2, this.#length + bytes.length));
      grown.set(this.#data.subarray(0, this.#length));
      this.#data = grown;
    }
    this.#data.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  view(): Uint8Array {
    return this.#data.subarray(0, this.#length);
  }

  copy(): ByteBuffer {
    return new ByteBuffer(0, this.#data.slice(), this.#length);
  }
}
