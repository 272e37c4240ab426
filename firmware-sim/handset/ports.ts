// The handset's ports to the world besides the card: the network for SMS (TS 24.011 short message
// relay), the voice call side (TS 24.008 call control, DTMF per TS 23.014) and the user. Each has
// an in-memory implementation here, used by tests and by the command line without a network.

/** An SMS leaving the handset: the RP-DA service centre and the SMS-SUBMIT TPDU. */
export interface OutgoingSms {
  /** `+` international, or '' when the handset knows no service centre. */
  readonly serviceCentre: string;
  readonly tpdu: Uint8Array;
}

/** The network's SMS relay. A rejected promise is an RP-ERROR (no network, SC refused). */
export interface CarrierPort {
  /** Submits one TPDU; resolves to the message reference the network acknowledged. */
  submit(sms: OutgoingSms): Promise<number>;
}

/** The voice call side. A rejected promise means the call could not be made. */
export interface VoicePort {
  dial(number: string): Promise<void>;
  sendDtmf(digits: string): Promise<void>;
  hangUp(): Promise<void>;
}

/** A question the SIM asks through the handset's screen and keypad. */
export type UserQuestion =
  | { readonly kind: 'input'; readonly prompt: string; readonly hidden: boolean }
  | { readonly kind: 'select'; readonly title: string; readonly items: readonly string[] };

/** What the user does: text, the 1-based position of the chosen item, or nothing. */
export type UserAnswer =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'item'; readonly position: number }
  | { readonly kind: 'none' };

/** The person (or script) holding the handset. */
export interface UserPort {
  /** The PIN to enter at power-on, or undefined to wait for one (AT+CPIN). */
  pin(): Promise<string | undefined>;
  answer(question: UserQuestion): Promise<UserAnswer>;
}

/** A carrier that keeps what it is given and acknowledges with counting references. */
export function memoryCarrier(): CarrierPort & { readonly sent: OutgoingSms[] } {
  const sent: OutgoingSms[] = [];
  return {
    sent,
    async submit(sms) {
      sent.push(sms);
      return (sent.length - 1) & 0xff;
    },
  };
}

/** A voice side that records what was asked of it, one line per action. */
export function memoryVoice(): VoicePort & { readonly actions: string[] } {
  const actions: string[] = [];
  return {
    actions,
    async dial(number) {
      actions.push(`dial ${number}`);
    },
    async sendDtmf(digits) {
      actions.push(`dtmf ${digits}`);
    },
    async hangUp() {
      actions.push('hang up');
    },
  };
}

/** Script of a user: the PIN and answers given in order; `none` once the script runs out. */
export interface UserScript {
  readonly pin?: string;
  readonly answers?: readonly UserAnswer[];
}

/** A user that follows a script. */
export function scriptedUser(script: UserScript = {}): UserPort & {
  readonly questions: UserQuestion[];
} {
  const questions: UserQuestion[] = [];
  const answers = [...(script.answers ?? [])];
  return {
    questions,
    async pin() {
      return script.pin;
    },
    async answer(question) {
      questions.push(question);
      return answers.shift() ?? { kind: 'none' };
    },
  };
}
