// The payment IVR on a simulated call: an adaptor's sealed payRequest in FSK pays through the real
// service, the caller's counter window lives in the server database, and the same sealed request on
// a later call (with the IVR built again, as after a restart) gets the stored reply and pays once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BELL_202 } from '../../../modem/fsk/fsk-profile.ts';
import { VoiceClient } from '../../../modem/voice/client.ts';
import { dtmfModem } from '../../../modem/voice/dtmf-modem.ts';
import { aesPayloadCipher } from '../../../modem/voice/payload-cipher-aes.ts';
import type { Request } from '../../../modem/voice/request.ts';
import { SimulatedCall } from '../../../modem/voice/simulated-call.ts';
import { fskModem } from '../../../modem/voice/symbol-modem.ts';
import { shippedVoiceTable } from '../../../server/index.ts';
import { runIvrCall } from '../../../server/ivr/ivr-call.ts';
import type { IvrEvent } from '../../../server/ivr/ivr-types.ts';
import { VoicePayments } from '../../../server/ivr/payment-requests.ts';
import { paymentIvr } from '../../../server/ivr/payment-ivr.ts';
import { DEFAULT_CALL_ARQ } from '../../../server/ivr/voice-loopback.ts';
import {
  ALICE,
  ALICE_PIN,
  BOB,
  aliceAndBob,
  type GatewayHarness,
} from '../gateway/gateway-harness.ts';

const RATE = 8000;
const table = shippedVoiceTable();
const modems = {
  dtmf: dtmfModem({ sampleRate: RATE }),
  fsk: fskModem({ sampleRate: RATE, profile: BELL_202, amplitude: 0.2 }),
};
let h: GatewayHarness;

beforeEach(async () => {
  h = await aliceAndBob();
});
afterEach(() => h.close());

/** The IVR as the server builds it, on the harness's database (its stores opened again). */
async function ivr() {
  const stores = h.world.reopen();
  const installed = await stores.registry.get(ALICE);
  const payments = new VoicePayments({
    service: h.service,
    table,
    transactions: stores.transactions,
  });
  return paymentIvr({
    table,
    sampleRate: RATE,
    modems,
    payments,
    counters: stores.ivrCounters,
    engine: h.engine,
    keysOf: (caller) =>
      caller === ALICE && installed ? { kic: installed.kicKey, kid: installed.kidKey } : undefined,
  });
}

/** One call from Alice's adaptor carrying `request` sealed under `counter`. */
async function call(request: Request, counter: number) {
  const sim = new SimulatedCall({ sampleRate: RATE, maxFrames: 15_000 });
  const events: IvrEvent['type'][] = [];
  const served = runIvrCall(sim.callee, (await ivr()).createDecoder(ALICE), RATE, (e) =>
    events.push(e.type),
  );
  const device = (await h.gateway.registry.get(ALICE))!;
  const keys = { kic: device.kicKey, kid: device.kidKey };
  const client = new VoiceClient({
    table,
    sampleRate: RATE,
    link: sim.caller,
    clock: sim.caller,
    modems,
    arq: DEFAULT_CALL_ARQ,
    setupAttempts: 5,
    setupTimeoutMs: 1500,
    encryption: {
      cipher: aesPayloadCipher({ engine: h.engine, keys, sends: 'request' }),
      nextCounter: () => counter,
    },
  });
  const exchange = await client.exchange(request);
  await client.hangUp();
  return { exchange, outcome: await served, events };
}

describe('payment IVR', () => {
  it('pays a sealed request once, across calls and a rebuilt IVR', async () => {
    const pay: Request = {
      commandId: 10,
      params: { 1: ALICE.slice(1), 2: BOB.slice(1), 3: 1500, 4: ALICE_PIN },
    };
    const first = await call(pay, 7);
    expect(first.exchange.mode).toBe('fsk');
    expect(first.exchange.response).toEqual({ responseId: 11, params: { 1: '0', 2: '1' } });
    expect(first.outcome.kind).toBe('completed');
    expect(first.events).toContain('request');
    expect(await h.available(BOB)).toBe('15.00');

    const again = await call(pay, 7);
    expect(again.exchange.response).toEqual(first.exchange.response);
    expect(again.events).toContain('retransmission');
    expect(again.events).not.toContain('request');
    expect(await h.available(BOB)).toBe('15.00');
    expect(await h.available(ALICE)).toBe('85.00');
  });
});
