// The PIN call-back on a simulated call: the member's keys made by modem/dtmf's generator (through a
// mu-law line with noise) release the plain SMS PAY the gateway holds; a wrong PIN, silence and an
// early hang-up release nothing, and the PIN never appears in the outcome.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VoiceChannel } from '../../../modem/channel/voice-channel.ts';
import { generateDtmf } from '../../../modem/dtmf/tone-generator.ts';
import { createRandom } from '../../../modem/random.ts';
import { SimulatedCall } from '../../../modem/voice/simulated-call.ts';
import { runPinCallback, type PinCallbackOutcome } from '../../../server/ivr/pin-callback.ts';
import {
  ALICE,
  ALICE_PIN,
  BOB,
  aliceAndBob,
  type GatewayHarness,
} from '../gateway/gateway-harness.ts';

const RATE = 8000;
let h: GatewayHarness;

beforeEach(async () => {
  h = await aliceAndBob({ aliceLoad: '50', adaptor: false });
  await h.gateway.registry.setPlainSmsAllowed(ALICE, true);
  await h.gateway.handleInboundSms(ALICE, h.textFrom(`PAY 12 ${BOB.slice(1)}`)[0]!);
  expect(h.calls).toEqual([ALICE]);
});
afterEach(() => h.close());

const keys = (digits: string) =>
  generateDtmf(digits, { sampleRate: RATE, toneMs: 80, gapMs: 80, levelDbm0: -10 });

/** Calls the member back; the member keys `audio` and hangs up after `hangUpAfterMs` of call. */
async function callBack(
  audio: Float32Array,
  options: { hangUpAfterMs?: number; timeoutMs?: number; line?: boolean } = {},
): Promise<PinCallbackOutcome> {
  const channel = new VoiceChannel(
    { sampleRate: RATE, codec: 'mulaw', snrDb: 30, twistDb: 2 },
    createRandom(7),
  );
  const call = new SimulatedCall({
    sampleRate: RATE,
    maxFrames: 10_000,
    ...(options.line ? { callerToCallee: (s: Float32Array) => channel.process(s) } : {}),
  });
  const served = runPinCallback(call.callee, {
    sampleRate: RATE,
    msisdn: ALICE,
    release: (msisdn, pin) => h.gateway.releasePin(msisdn, pin),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  call.caller.send(audio);
  const frames = (options.hangUpAfterMs ?? 60_000) / 20;
  for (let i = 0; i < frames; i++) if ((await call.caller.receive()) === undefined) break;
  call.caller.hangUp();
  const outcome = await served;
  expect(JSON.stringify(outcome)).not.toContain(ALICE_PIN);
  return outcome;
}

describe('PIN call-back (SOURCE-NOTES PIN-01, PIN-02)', () => {
  it('releases the held PAY with the PIN keyed before #, after * starts again', async () => {
    const outcome = await callBack(keys(`95*${ALICE_PIN}#`), { line: true });
    expect(outcome).toMatchObject({ kind: 'released', release: { found: 'command' } });
    if (outcome.kind !== 'released') return;
    expect(outcome.release.refused).toBeUndefined();
    expect(outcome.release.reply).toMatch(/^Paid USD 12\.00 to \+14085551212/);
    expect(await h.available(BOB)).toBe('12.00');
    expect(h.textsTo(ALICE).at(-1)).toBe(outcome.release.reply);
  });

  it('hands a wrong PIN to the service, which refuses it; nothing is paid', async () => {
    const outcome = await callBack(keys('1111#'));
    expect(outcome).toMatchObject({ kind: 'released', release: { refused: 'PIN_WRONG' } });
    expect(await h.available(BOB)).toBe('0.00');
  });

  it('times out on a call that never ends its PIN, leaving the command held', async () => {
    const outcome = await callBack(keys('86'), { timeoutMs: 3000 });
    expect(outcome).toEqual({ kind: 'timeout', atMs: 3000 });
    expect(await h.gateway.correlator.waiting(ALICE)).toBe(true);
  });

  it('ends when the member hangs up first', async () => {
    const outcome = await callBack(keys(ALICE_PIN), { hangUpAfterMs: 1000 });
    expect(outcome.kind).toBe('hung-up');
    expect(await h.available(BOB)).toBe('0.00');
  });
});
