// The microphone, in the page: records with Web Audio, reports the input level for a
// meter, and turns the recording into the 16 kHz mono 16-bit WAV file that the server's
// offline recogniser reads. The sound goes nowhere but to this computer's own server.

const SPEECH_RATE = 16000;
const LONGEST_RECORDING = 240;  // seconds: the server takes up to 8 MiB, about four minutes

class Recorder {
  constructor(onLevel) {
    this.onLevel = onLevel;  // called about 20 times a second with a level from 0 to 1
    this.chunks = [];
  }

  async start() {
    if (!navigator.mediaDevices?.getUserMedia)
      throw new Error("browsers allow the microphone only on pages opened at http://127.0.0.1, http://localhost or over HTTPS.");
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    this.context = new AudioContext();
    const source = this.context.createMediaStreamSource(this.stream);
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 1024;
    // A script processor hands over the raw samples; its output is silent.
    this.processor = this.context.createScriptProcessor(4096, 1, 1);
    this.processor.onaudioprocess = (event) => this.chunks.push(new Float32Array(event.inputBuffer.getChannelData(0)));
    const mute = this.context.createGain();
    mute.gain.value = 0;
    source.connect(this.analyser);
    source.connect(this.processor).connect(mute).connect(this.context.destination);
    const samples = new Float32Array(this.analyser.fftSize);
    this.meter = setInterval(() => {
      this.analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      this.onLevel(Math.min(1, Math.sqrt(sum / samples.length) * 4));
    }, 50);
  }

  // Stops recording; resolves to {wav: Blob, seconds}.
  async stop() {
    const rate = this.context.sampleRate;
    await this.cancel();
    const samples = toSpeechRate(this.chunks, rate);
    this.chunks = [];
    return { wav: encodeWav(samples), seconds: samples.length / SPEECH_RATE };
  }

  // Stops recording and lets the microphone go; what was recorded stays in `chunks`.
  async cancel() {
    clearInterval(this.meter);
    this.onLevel(0);
    this.processor?.disconnect();
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    if (this.context && this.context.state !== "closed") await this.context.close();
  }
}

// Joins the recorded chunks and resamples them to 16 kHz, averaging the samples that
// fall into each output sample (a simple low-pass filter against aliasing).
function toSpeechRate(chunks, rate) {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const ratio = rate / SPEECH_RATE;
  const output = new Int16Array(Math.floor(total / ratio));
  let chunk = 0, offset = 0, consumed = 0;
  for (let i = 0; i < output.length; i++) {
    const end = Math.floor((i + 1) * ratio);
    let sum = 0, count = 0;
    for (; consumed < end && chunk < chunks.length; consumed++, count++) {
      sum += chunks[chunk][offset++];
      if (offset === chunks[chunk].length) { chunk++; offset = 0; }
    }
    const value = count ? sum / count : 0;
    output[i] = Math.max(-32768, Math.min(32767, Math.round(value * 32767)));
  }
  return output;
}

function encodeWav(samples) {
  const buffer = new ArrayBuffer(44 + samples.length * 2);
  const view = new DataView(buffer);
  const text = (at, value) => { for (let i = 0; i < value.length; i++) view.setUint8(at + i, value.charCodeAt(i)); };
  text(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true);           // format chunk size
  view.setUint16(20, 1, true);            // PCM
  view.setUint16(22, 1, true);            // mono
  view.setUint32(24, SPEECH_RATE, true);
  view.setUint32(28, SPEECH_RATE * 2, true);  // bytes a second
  view.setUint16(32, 2, true);            // bytes a sample
  view.setUint16(34, 16, true);           // bits a sample
  text(36, "data");
  view.setUint32(40, samples.length * 2, true);
  new Int16Array(buffer, 44).set(samples);
  return new Blob([buffer], { type: "audio/wav" });
}

// Sends a recording to the server's recogniser: {text, duration_seconds, words, delivery}.
async function transcribe(wav) {
  const response = await fetch("/api/transcribe", { method: "POST", headers: { "Content-Type": "audio/wav" }, body: wav });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error ? data.error.message : `transcription failed (${response.status})`);
  return data;
}

// A record button with a live time and level meter: the same control on the Practice
// and Mock Interview pages. `onText(transcript, wav)` receives each finished transcription
// and the recording it came from.
// Returns {cancel}: stops a recording and drops a transcription still on its way, for
// when the candidate moves on to another question or page.
export function attachRecorder({ button, time, level, status, onText }) {
  let recorder = null;
  let clock = 0;
  let generation = 0;  // a transcription that returns after a cancel belongs to the past
  const idle = button.textContent;
  const reset = () => {
    clearInterval(clock);
    button.textContent = idle;
    button.setAttribute("aria-pressed", "false");
  };
  const cancel = () => {
    generation++;
    if (recorder) recorder.cancel();
    recorder = null;
    reset();
    button.disabled = false;
  };
  button.addEventListener("click", async () => {
    if (recorder) {
      const current = recorder;
      const mine = generation;
      recorder = null;
      reset();
      button.disabled = true;
      status.textContent = "Turning your speech into text, on this computer…";
      try {
        const { wav } = await current.stop();
        const transcript = await transcribe(wav);
        if (mine !== generation) return;
        status.textContent = "Done. The text may have mistakes: correct it in the box.";
        onText(transcript, wav);
      } catch (error) {
        if (mine === generation) status.textContent = error.message;
      } finally {
        if (mine === generation) button.disabled = false;
      }
      return;
    }
    const starting = new Recorder((value) => { level.style.width = `${Math.round(value * 100)}%`; });
    const mine = ++generation;
    button.disabled = true;  // until the microphone answers: a second click must not stop a recorder half started
    try {
      await starting.start();
    } catch (error) {
      starting.cancel();
      if (mine === generation) {
        button.disabled = false;
        status.textContent = `The microphone is not available: ${error.message}`;
      }
      return;
    }
    if (mine !== generation) {  // cancelled while the microphone was starting
      starting.cancel();
      return;
    }
    recorder = starting;
    button.disabled = false;
    const started = performance.now();
    const tick = () => {
      const seconds = Math.floor((performance.now() - started) / 1000);
      time.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
      if (seconds >= LONGEST_RECORDING) button.click();  // stop: an answer is a minute, four is plenty
    };
    tick();
    clock = setInterval(tick, 250);
    button.textContent = "Stop recording";
    button.setAttribute("aria-pressed", "true");
    status.textContent = "Recording… speak your answer, then press Stop.";
  });
  return { cancel };
}
