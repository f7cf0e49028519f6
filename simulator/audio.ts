// Deterministic, playable WAV synthesis. A tiny arranger (pad chords, bass, drums and either
// a voice-like lead or, for instrumentals, a plucked arpeggio) is driven by two seeds: the
// style seed picks key, mode, tempo and progression, the melody seed picks the tune. The same
// plan always yields the same bytes, and the sample count always matches the reported duration.
import { mulberry32, round2 } from "./hash.ts";

export const SAMPLE_RATE = 22050;

export type SynthPlan = {
  kind: "synth";
  styleSeed: number;
  melodySeed: number;
  instrumental: boolean;
  seconds: number;
};
/** A whole song: the first `seconds` of each part (from `from` seconds in, when given), in
 *  order (an extension chain; a replaced section is the source, the new part, the source). */
export type ConcatPlan = {
  kind: "concat";
  parts: Array<{ plan: AudioPlan; seconds: number; from?: number }>;
};
export type AudioPlan = SynthPlan | ConcatPlan;

export function samplesFor(seconds: number): number {
  return Math.max(1, Math.round(seconds * SAMPLE_RATE));
}

export function planSampleCount(plan: AudioPlan): number {
  if (plan.kind === "synth") return samplesFor(plan.seconds);
  return plan.parts.reduce((sum, part) => sum + samplesFor(part.seconds), 0);
}

/** The duration the API reports: the WAV header agrees to within half a hundredth. */
export function planDuration(plan: AudioPlan): number {
  return round2(planSampleCount(plan) / SAMPLE_RATE);
}

/** The style seed an extension inherits, so a continued song keeps its key and tempo. */
export function styleSeedOf(plan: AudioPlan): number {
  if (plan.kind === "synth") return plan.styleSeed;
  const last = plan.parts[plan.parts.length - 1];
  return last ? styleSeedOf(last.plan) : 0;
}

export function renderWav(plan: AudioPlan): Buffer {
  return encodeWav(renderPlan(plan));
}

/** The parts of the arrangement a stem can hold: the lead is the "voice", the pluck a guitar. */
export type Layer = "pad" | "bass" | "drums" | "lead" | "pluck";
export const ALL_LAYERS: readonly Layer[] = ["pad", "bass", "drums", "lead", "pluck"];

/**
 * A stem: only some layers of the song, at the level they have in the mix (the mix's own gain
 * and fades), so the stems of a song add up to it and last exactly as long.
 */
export function renderStemWav(plan: AudioPlan, layers: readonly Layer[]): Buffer {
  return encodeWav(renderPlan(plan, new Set(layers)));
}

export function encodeWav(samples: Float32Array): Buffer {
  const dataBytes = samples.length * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write("RIFF", 0, "ascii");
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write("WAVEfmt ", 8, "ascii");
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(SAMPLE_RATE, 24);
  out.writeUInt32LE(SAMPLE_RATE * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write("data", 36, "ascii");
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.max(-1, Math.min(1, samples[i]!));
    out.writeInt16LE(Math.round(v * 32767), 44 + i * 2);
  }
  return out;
}

function renderPlan(plan: AudioPlan, layers?: ReadonlySet<Layer>): Float32Array {
  if (plan.kind === "synth") return renderSynth(plan, layers);
  const out = new Float32Array(planSampleCount(plan));
  const joinFade = Math.round(0.012 * SAMPLE_RATE);
  let pos = 0;
  plan.parts.forEach((part, index) => {
    const whole = renderPlan(part.plan, layers);
    const source = part.from ? whole.subarray(samplesFor(part.from)) : whole;
    const take = samplesFor(part.seconds);
    const isLast = index === plan.parts.length - 1;
    // Cut points get a few milliseconds of fade so the joins do not click.
    for (let i = 0; i < take && i < source.length; i++) {
      let gain = 1;
      if (index > 0 && i < joinFade) gain = i / joinFade;
      if (!isLast && take - i < joinFade) gain = Math.min(gain, (take - i) / joinFade);
      out[pos + i] = source[i]! * gain;
    }
    pos += take; // a part shorter than its cut leaves silence, keeping the count exact
  });
  return out;
}

const TABLE_SIZE = 4096;
const SINE = Float32Array.from({ length: TABLE_SIZE }, (_, i) =>
  Math.sin((2 * Math.PI * i) / TABLE_SIZE),
);
const MAJOR = [0, 2, 4, 5, 7, 9, 11] as const;
const MINOR = [0, 2, 3, 5, 7, 8, 10] as const;
const PROGRESSIONS = [
  [0, 4, 5, 3],
  [5, 3, 0, 4],
  [0, 3, 4, 3],
  [1, 4, 0, 5],
  [0, 5, 3, 4],
] as const;
/** One-bar rhythms, in beats; each sums to a 4/4 bar. */
const RHYTHMS = [
  [1, 1, 1, 1],
  [1.5, 0.5, 1, 1],
  [0.5, 0.5, 1, 2],
  [2, 1, 1],
  [1, 0.5, 0.5, 2],
  [0.5, 1, 0.5, 2],
] as const;

type Voice = {
  harmonics: readonly number[];
  attack: number;
  release: number;
  decay?: number;
  vibrato?: number;
};
const PAD: Voice = { harmonics: [1, 0.25, 0.08], attack: 0.35, release: 0.4 };
const BASS: Voice = { harmonics: [1, 0.4, 0.12], attack: 0.01, release: 0.06, decay: 0.7 };
const LEAD: Voice = {
  harmonics: [1, 0.55, 0.3, 0.16, 0.08],
  attack: 0.05,
  release: 0.09,
  vibrato: 0.007,
};
const PLUCK: Voice = { harmonics: [1, 0.5, 0.25, 0.12], attack: 0.004, release: 0.05, decay: 0.22 };

function sine(cycles: number): number {
  return SINE[((cycles - Math.floor(cycles)) * TABLE_SIZE) | 0]!;
}

function hz(midi: number): number {
  return 440 * 2 ** ((midi - 69) / 12);
}

function semis(scale: readonly number[], degree: number): number {
  const octave = Math.floor(degree / 7);
  return octave * 12 + scale[degree - octave * 7]!;
}

function addNote(
  out: Float32Array,
  start: number,
  dur: number,
  freq: number,
  amp: number,
  voice: Voice,
) {
  const s0 = Math.round(start * SAMPLE_RATE);
  const s1 = Math.min(out.length, s0 + Math.round((dur + voice.release) * SAMPLE_RATE));
  let phase = 0;
  for (let s = s0; s < s1; s++) {
    const t = (s - s0) / SAMPLE_RATE;
    let env = t < voice.attack ? t / voice.attack : 1;
    if (voice.decay) env *= Math.exp(-t / voice.decay);
    if (t > dur) env *= Math.max(0, 1 - (t - dur) / voice.release);
    // Vibrato arrives late in the note, as a singer's does.
    const wobble = voice.vibrato && t > 0.15 ? voice.vibrato * sine(5.5 * t) : 0;
    phase += (freq * (1 + wobble)) / SAMPLE_RATE;
    let v = 0;
    for (let h = 0; h < voice.harmonics.length; h++)
      v += voice.harmonics[h]! * sine(phase * (h + 1));
    out[s] = out[s]! + amp * env * v;
  }
}

function addKick(out: Float32Array, start: number, amp: number) {
  const s0 = Math.round(start * SAMPLE_RATE);
  const s1 = Math.min(out.length, s0 + Math.round(0.25 * SAMPLE_RATE));
  let phase = 0;
  for (let s = s0; s < s1; s++) {
    const t = (s - s0) / SAMPLE_RATE;
    phase += (48 + 100 * Math.exp(-t / 0.03)) / SAMPLE_RATE;
    out[s] = out[s]! + amp * Math.exp(-t / 0.08) * sine(phase);
  }
}

function addNoise(
  out: Float32Array,
  start: number,
  amp: number,
  decay: number,
  noise: () => number,
  bright: boolean,
) {
  const s0 = Math.round(start * SAMPLE_RATE);
  const s1 = Math.min(out.length, s0 + Math.round(decay * 5 * SAMPLE_RATE));
  let previous = 0;
  for (let s = s0; s < s1; s++) {
    const t = (s - s0) / SAMPLE_RATE;
    const white = noise() * 2 - 1;
    const v = bright ? white - previous : white; // a first difference is a cheap high-pass
    previous = white;
    out[s] = out[s]! + amp * Math.exp(-t / decay) * v;
  }
}

function renderSynth(plan: SynthPlan, layers?: ReadonlySet<Layer>): Float32Array {
  const mix = arrange(plan, null);
  // a stem keeps the mix's gain, so that the stems add up to the song
  return finish(layers ? arrange(plan, layers) : mix, peakOf(mix));
}

function peakOf(samples: Float32Array): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]!));
  return peak;
}

function arrange(plan: SynthPlan, layers: ReadonlySet<Layer> | null): Float32Array {
  const has = (layer: Layer) => layers === null || layers.has(layer);
  const out = new Float32Array(samplesFor(plan.seconds));
  const seconds = out.length / SAMPLE_RATE;
  const style = mulberry32(plan.styleSeed);
  const tune = mulberry32(plan.melodySeed);
  const noise = mulberry32(plan.melodySeed ^ 0x9e3779b9);
  const tonic = 40 + Math.floor(style() * 12);
  const scale = style() < 0.45 ? MINOR : MAJOR;
  const beat = 60 / (76 + Math.floor(style() * 64));
  const bar = beat * 4;
  const progression = PROGRESSIONS[Math.floor(style() * PROGRESSIONS.length)]!;
  // A verse motif and a chorus motif, each two bars of (rhythm, degrees); null is a rest.
  const motifs = [0, 1].map(() =>
    [0, 1].map(() => {
      const rhythm = RHYTHMS[Math.floor(tune() * RHYTHMS.length)]!;
      let degree = Math.floor(tune() * 5);
      return rhythm.map((beats) => {
        degree = Math.max(-2, Math.min(7, degree + Math.floor(tune() * 5) - 2));
        return { beats, degree: tune() < 0.12 ? null : degree };
      });
    }),
  );
  const arpeggio = Array.from({ length: 8 }, () => Math.floor(tune() * 4));

  for (let b = 0; b * bar < seconds; b++) {
    const t0 = b * bar;
    const chordDegree = progression[b % progression.length]!;
    if (has("pad"))
      for (const k of [0, 2, 4])
        addNote(out, t0, bar, hz(tonic + 12 + semis(scale, chordDegree + k)), 0.05, PAD);
    const bassHz = hz(tonic + semis(scale, chordDegree));
    if (has("bass")) {
      addNote(out, t0, beat * 1.7, bassHz, 0.22, BASS);
      addNote(out, t0 + 2 * beat, beat * 1.7, bassHz, 0.2, BASS);
    }
    for (let q = 0; q < 4; q++) {
      if (b === 0 && q < 2) continue; // a short count-in before the drums
      if (!has("drums")) continue;
      const tq = t0 + q * beat;
      if (q % 2 === 0) addKick(out, tq, 0.5);
      else addNoise(out, tq, 0.22, 0.045, noise, false);
      addNoise(out, tq, 0.06, 0.012, noise, true);
      addNoise(out, tq + beat / 2, 0.045, 0.01, noise, true);
    }
    if (plan.instrumental) {
      if (!has("pluck")) continue;
      arpeggio.forEach((tone, i) => {
        const midi = tonic + 24 + semis(scale, chordDegree + [0, 2, 4, 7][tone]!);
        addNote(out, t0 + (i * beat) / 2, beat / 2, hz(midi), 0.09, PLUCK);
      });
    } else {
      if (!has("lead")) continue;
      const motif = motifs[Math.floor(b / 8) % 2]![b % 2]!;
      let tn = t0;
      for (const note of motif) {
        if (note.degree !== null) {
          addNote(
            out,
            tn,
            note.beats * beat * 0.92,
            hz(tonic + 24 + semis(scale, chordDegree + note.degree)),
            0.11,
            LEAD,
          );
        }
        tn += note.beats * beat;
      }
    }
  }

  return out;
}

function finish(out: Float32Array, peak: number): Float32Array {
  const seconds = out.length / SAMPLE_RATE;
  const gain = peak > 0 ? 0.85 / peak : 1;
  const fadeIn = Math.round(0.02 * SAMPLE_RATE);
  const fadeOut = Math.round(Math.min(1.5, seconds / 8) * SAMPLE_RATE);
  for (let i = 0; i < out.length; i++) {
    let g = gain;
    if (i < fadeIn) g *= i / fadeIn;
    if (out.length - i < fadeOut) g *= (out.length - i) / fadeOut;
    out[i] = out[i]! * g;
  }
  return out;
}
