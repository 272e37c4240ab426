// The adaptor's persistent memory (the settings an ETSI TS 102 225 secured channel needs: keys,
// counters, the server and IVR numbers, installed applications) and the storage port that keeps it.

/** Names of the applications the adaptor can run (installed and enabled over the air). */
export type ApplicationName = 'generator' | 'voice';

/** Keys of one secured channel (TS 102 225 §5.1.2-5.1.3), as hex so the settings stay JSON. */
export interface ChannelKeys {
  /** KIc: AES key for ciphering (16, 24 or 32 bytes). */
  readonly kic: string;
  /** KID: AES key for the CMAC cryptographic checksum. */
  readonly kid: string;
}

/** Everything the adaptor keeps across power loss: a plain serialisable value. */
export interface AdaptorSettings {
  /** Address of the payment server's SMS gateway (digits, `+` for international). */
  readonly serverNumber: string;
  /** Number of the IVR the voice application calls. */
  readonly ivrNumber: string;
  /** Keys shared with the payment server for payment traffic. */
  readonly keys: ChannelKeys;
  /** Keys for management messages addressed to the adaptor's own TAR. */
  readonly managementKeys: ChannelKeys;
  /** CNTR of the last command packet the adaptor sent (the next one is higher). */
  readonly uplinkCounter: number;
  /** CNTR of the last packet accepted from the server on the payment TAR. */
  readonly downlinkCounter: number;
  /** CNTR of the last management packet accepted. */
  readonly managementCounter: number;
  /** Installed applications and whether each is enabled. */
  readonly applications: Readonly<Record<ApplicationName, boolean>>;
  /** Refuse (MO SHORT MESSAGE CONTROL) plaintext SMS that the handset addresses to the server. */
  readonly blockPlaintextToServer: boolean;
}

/** The storage port: flash memory on the device, a file or a map in tests. */
export interface AdaptorStorage {
  /** The stored settings, or undefined when nothing was ever saved. */
  load(): Promise<AdaptorSettings | undefined>;
  /** Persists `settings`; resolves once they would survive a power loss. */
  save(settings: AdaptorSettings): Promise<void>;
}

/** Storage in memory, with a copy taken on every save (`saved`), for emulators and tests. */
export interface MemoryStorage extends AdaptorStorage {
  /** The last saved settings. */
  readonly current: AdaptorSettings | undefined;
  /** Every saved value in order. */
  readonly saved: readonly AdaptorSettings[];
}

/** An in-memory AdaptorStorage, optionally holding `initial` already. */
export function memoryStorage(initial?: AdaptorSettings): MemoryStorage {
  let current = initial === undefined ? undefined : clone(initial);
  const saved: AdaptorSettings[] = [];
  return {
    get current() {
      return current;
    },
    saved,
    load: () => Promise.resolve(current === undefined ? undefined : clone(current)),
    save(settings) {
      current = clone(settings);
      saved.push(clone(settings));
      return Promise.resolve();
    },
  };
}

function clone(settings: AdaptorSettings): AdaptorSettings {
  return {
    ...settings,
    keys: { ...settings.keys },
    managementKeys: { ...settings.managementKeys },
    applications: { ...settings.applications },
  };
}
