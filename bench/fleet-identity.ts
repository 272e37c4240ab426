// Who each handset of `simpay bench fleet` is, derived from its index alone so that the server
// process and the handset processes agree without exchanging anything: its MSISDN, payment PIN,
// adaptor keys (ETSI TS 102 225 §5.1.2-5.1.3, AES-128 KIc and KID of its own), payee and amount.

/** First subscriber number of the fleet (national digits after the area code). */
const FIRST_SUBSCRIBER = 2_000_000;
/** Area code of the fleet's handsets, and of the merchants they pay. */
const HANDSET_AREA = '408';
const MERCHANT_AREA = '650';
/** How many merchants the fleet pays (registered members without a handset). */
export const FLEET_MERCHANTS = 16;
/** Funds each member holds before the run, in major units. */
export const FLEET_FUNDS = '100.00';

const national = (area: string, index: number): string => `${area}${FIRST_SUBSCRIBER + index}`;

/** The E.164 number of handset `index` (0-based). */
export function handsetNumber(index: number): string {
  return `+1${national(HANDSET_AREA, index)}`;
}

/** The E.164 number of merchant `index` (0-based). */
export function merchantNumber(index: number): string {
  return `+1${national(MERCHANT_AREA, index)}`;
}

/** The payment PIN of member `index`: four digits, different for neighbours. */
export function paymentPin(index: number): string {
  return String(1000 + ((index * 7919) % 9000));
}

/** The PIN of merchant `index` (merchants only receive; the PIN guards their account). */
export function merchantPin(index: number): string {
  return String(9000 - (index % 1000));
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** The payment keys of handset `index`'s adaptor, as hex, shared with the gateway's registry. */
export function adaptorKeys(index: number): { readonly kic: string; readonly kid: string } {
  const tag = hex8(index);
  return { kic: `a1${tag}0f1e2d3c4b5a69788796a5`, kid: `b2${tag}f0e1d2c3b4a5968778695a` };
}

/** What handset `index` pays: to a merchant, as typed into the adaptor's menu. */
export interface FleetPayment {
  /** The merchant's E.164 number. */
  readonly payee: string;
  /** The merchant's number as the member types it (national digits). */
  readonly typedPayee: string;
  /** Amount in major units, as typed (`7` or `7.25`). */
  readonly amount: string;
}

/** The one payment handset `index` makes. */
export function paymentOf(index: number): FleetPayment {
  const merchant = index % FLEET_MERCHANTS;
  const cents = (index * 37) % 100;
  const whole = 1 + (index % 20);
  return {
    payee: merchantNumber(merchant),
    typedPayee: national(MERCHANT_AREA, merchant),
    amount: cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, '0')}`,
  };
}
