// The optional payload encryption port: the adaptor's keys with a counter, applied to the keypad
// message before it is framed. Implementations live with the key material; this is only the contract.

/** Encrypts and decrypts frame payloads; `counter` is unique per request of a device. */
export interface PayloadCipher {
  encrypt(plaintext: Uint8Array, counter: number): Promise<Uint8Array>;
  /** Rejects with a DecodeError when the ciphertext does not authenticate or decrypt. */
  decrypt(ciphertext: Uint8Array, counter: number): Promise<Uint8Array>;
}
