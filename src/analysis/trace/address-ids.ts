// Small integer ids for connection endpoints' addresses: the tracker keys connections by
// numbers (id * 65536 + port) because a string key per packet costs more than the analysis.
const ADDRESS_SLOTS_BITS = 14;
const ADDRESS_SLOTS_MASK = (1 << ADDRESS_SLOTS_BITS) - 1;

export class AddressIds {
  private readonly ids = new Map<string, number>();
  private readonly slotText: string[] = new Array<string>(ADDRESS_SLOTS_MASK + 1).fill('');
  private readonly slotId = new Int32Array(ADDRESS_SLOTS_MASK + 1);
  // IPv4 address bits -> id, direct-mapped in front of idOf(): [address, id] pairs, id 0 for an empty slot.
  private readonly ipv4Slots = new Int32Array(2 << ADDRESS_SLOTS_BITS);

  get size(): number {
    return this.ids.size;
  }

  // The id of an address seen before, or undefined (ICMP errors only attach to known connections).
  find(address: string): number | undefined {
    return this.ids.get(address);
  }

  // Forgets every id; only safe when no live connection refers to one.
  clear(): void {
    this.ids.clear();
    this.slotText.fill('');
    this.ipv4Slots.fill(0);
  }

  // Address text -> small id. A direct-mapped cache indexed by the last characters catches repeats before the
  // Map: the decoders hand out the same string object for a repeated address, so the check is one compare.
  idOf(address: string): number {
    const n = address.length;
    // The last six characters and the length, mixed (characters before the start read as NaN, which shifts as 0).
    const low = address.charCodeAt(n - 1) | (address.charCodeAt(n - 2) << 8) | (address.charCodeAt(n - 3) << 16) | (n << 24);
    const high = address.charCodeAt(n - 4) | (address.charCodeAt(n - 5) << 8) | (address.charCodeAt(n - 6) << 16);
    const slot = (Math.imul(low, 0x9e3779b1) ^ Math.imul(high, 0x85ebca6b)) >>> (32 - ADDRESS_SLOTS_BITS);
    if (this.slotText[slot] === address) return this.slotId[slot]!;
    let id = this.ids.get(address);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(address, id);
    }
    this.slotText[slot] = address;
    this.slotId[slot] = id;
    return id;
  }

  // The id of an IPv4 address given as its 32 bits (int32) and its text; the text's id, so both paths agree.
  idOfIpv4(bits: number, text: string): number {
    const slots = this.ipv4Slots;
    const i = (Math.imul(bits, 0x9e3779b1) >>> (32 - ADDRESS_SLOTS_BITS)) << 1;
    const cached = slots[i + 1]!;
    if (cached !== 0 && slots[i] === bits) return cached;
    const id = this.idOf(text);
    slots[i] = bits;
    slots[i + 1] = id;
    return id;
  }
}
