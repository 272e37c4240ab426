// The simulated SMS centre between two emulated handsets (fake SIMs): the sender's CarrierPort
// submits, the recipient's handset receives the SMS-DELIVER the centre made, with the sender's TP-OA.
import { describe, expect, it } from 'vitest';
import { SimulatedClock, waitFor } from 'xstate';
import { textSubmit } from '../../../firmware-sim/handset/at/at-sms-format.ts';
import { CardChannel } from '../../../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../../../firmware-sim/handset/handset-client.ts';
import { memoryVoice, scriptedUser } from '../../../firmware-sim/handset/ports.ts';
import { formatAddress } from '../../../protocol/sms/address.ts';
import { decodeSmsDeliver } from '../../../protocol/sms/sms-deliver.ts';
import { messageText } from '../../../protocol/sms/text-messages.ts';
import { MemoryTraceSink } from '../../../protocol/trace/index.ts';
import { createRandom } from '../../../modem/random.ts';
import { handsetCarrierPort } from '../../../server/carrier/carrier-ports.ts';
import { ManualScheduler } from '../../../server/carrier/scheduler.ts';
import { Smsc } from '../../../server/carrier/smsc.ts';
import { FakeSim } from '../../firmware-sim/handset/fake-sim.ts';

const ALICE = '+15550000001';
const BOB = '+15550000002';

function handsetOn(smsc: Smsc, msisdn: string) {
  const ports = {
    channel: new CardChannel(new FakeSim(), new MemoryTraceSink(() => 0)),
    carrier: handsetCarrierPort(smsc, msisdn),
    voice: memoryVoice(),
    user: scriptedUser(),
  };
  const client = new HandsetClient({ ports, statusInterval: 1000 }, new SimulatedClock());
  const received: string[] = [];
  client.on('sms.received', (e) => {
    if (e.outcome.kind !== 'forHandset') return;
    const deliver = decodeSmsDeliver(e.outcome.sms.tpdu);
    received.push(`${formatAddress(deliver.originator)}: ${messageText(deliver) ?? ''}`);
  });
  smsc.attach(msisdn, (sms) => {
    if (sms.kind === 'deliver') client.deliver(sms);
  });
  return { client, received };
}

describe('SMS centre between emulated handsets', () => {
  it('carries a text from one handset to the other through drops and duplicates', async () => {
    const scheduler = new ManualScheduler();
    const smsc = new Smsc(scheduler, createRandom(4), {
      faults: { latencyMs: 500, drop: 0.3, duplicate: 0.3 },
      retryIntervalMs: 1000,
    });
    const alice = handsetOn(smsc, ALICE);
    const bob = handsetOn(smsc, BOB);
    await alice.client.start().settled();
    await bob.client.start().settled();
    for (const text of ['one', 'two', 'three']) {
      const result = await alice.client.request({ kind: 'sendSms', tpdu: textSubmit(text, BOB) });
      expect(result).toMatchObject({ ok: true });
    }
    await scheduler.runUntilIdle();
    const expected = 3 + smsc.count('duplicated');
    await waitFor(bob.client.actor, () => bob.received.length === expected);
    expect(new Set(bob.received)).toEqual(
      new Set([`${ALICE}: one`, `${ALICE}: two`, `${ALICE}: three`]),
    );
    expect(alice.received).toEqual([]);
    expect(smsc.count('dropped') + smsc.count('duplicated')).toBeGreaterThan(0);
  });
});
