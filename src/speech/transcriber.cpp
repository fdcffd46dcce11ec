#include "transcriber.hpp"

#include <pocketsphinx.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>

#include "starcoach/errors.hpp"

namespace starcoach::speech {

namespace {

constexpr double frames_per_second = 100.0;  // PocketSphinx's default frame rate

std::uint32_t little_endian(std::string_view bytes, std::size_t at, std::size_t size) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < size; ++i) value |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  return value;
}

// "<sil>", "<s>", "[NOISE]" are not words; "was(2)" is the second pronunciation of "was".
std::string spoken_word(const char* token) {
  if (token == nullptr || token[0] == '<' || token[0] == '[') return "";
  std::string word(token);
  if (const std::size_t paren = word.find('('); paren != std::string::npos) word.erase(paren);
  return word;
}

struct Decoder {
  cmd_ln_t* config = nullptr;
  ps_decoder_t* decoder = nullptr;
  std::mutex busy;  // one utterance at a time
  Decoder() {
    const std::string model = STARCOACH_SPHINX_MODEL_DIR "/en-us";
    config = cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", (model + "/en-us").c_str(), "-lm", (model + "/en-us.lm.bin").c_str(),
                         "-dict", (model + "/cmudict-en-us.dict").c_str(), "-logfn", "/dev/null", nullptr);
    if (config != nullptr) decoder = ps_init(config);
    if (decoder == nullptr) throw std::runtime_error("the PocketSphinx English model is missing (" + model + ")");
  }
  ~Decoder() {
    if (decoder) ps_free(decoder);
    if (config) cmd_ln_free_r(config);
  }
};

Decoder& decoder() {
  static Decoder loaded;  // loading the model takes about a second: once per process
  return loaded;
}

}  // namespace

std::vector<short> read_wav(std::string_view bytes) {
  if (bytes.size() < 12 || bytes.substr(0, 4) != "RIFF" || bytes.substr(8, 4) != "WAVE")
    throw InputError("not a WAV file: expected 16 kHz mono 16-bit PCM WAV");
  std::size_t at = 12;
  bool format_seen = false;
  while (at + 8 <= bytes.size()) {
    const std::string_view id = bytes.substr(at, 4);
    const std::size_t size = little_endian(bytes, at + 4, 4);
    const std::size_t body = at + 8;
    if (size > bytes.size() - body) throw InputError("the WAV file is cut short");
    if (id == "fmt ") {
      if (size < 16) throw InputError("the WAV file's format chunk is damaged");
      const std::uint32_t encoding = little_endian(bytes, body, 2), channels = little_endian(bytes, body + 2, 2),
                          rate = little_endian(bytes, body + 4, 4), bits = little_endian(bytes, body + 14, 2);
      if (encoding != 1 || channels != 1 || rate != 16000 || bits != 16)
        throw InputError("expected 16 kHz mono 16-bit PCM WAV; this file is " + std::to_string(rate) + " Hz, " +
                         std::to_string(channels) + (channels == 1 ? " channel, " : " channels, ") + std::to_string(bits) +
                         "-bit" + (encoding == 1 ? "" : ", not PCM") + " (convert it with: sox IN.wav -r 16000 -c 1 -b 16 OUT.wav)");
      format_seen = true;
    } else if (id == "data") {
      if (!format_seen) throw InputError("the WAV file has no format chunk before its samples");
      if (size < 2) throw InputError("the WAV file has no samples");
      std::vector<short> samples(size / 2);
      std::memcpy(samples.data(), bytes.data() + body, samples.size() * 2);
      return samples;
    }
    at = body + size + (size & 1);  // chunks are padded to an even size
  }
  throw InputError("the WAV file has no samples");
}

Transcript transcribe_wav(std::string_view bytes) {
  const std::vector<short> samples = read_wav(bytes);
  Transcript transcript;
  transcript.duration_seconds = static_cast<double>(samples.size()) / 16000.0;
  Decoder& loaded = decoder();
  std::lock_guard lock(loaded.busy);
  ps_start_utt(loaded.decoder);
  ps_process_raw(loaded.decoder, samples.data(), samples.size(), FALSE, TRUE);
  ps_end_utt(loaded.decoder);
  for (ps_seg_t* segment = ps_seg_iter(loaded.decoder); segment != nullptr; segment = ps_seg_next(segment)) {
    const std::string word = spoken_word(ps_seg_word(segment));
    if (word.empty()) continue;
    int first = 0, last = 0;
    ps_seg_frames(segment, &first, &last);
    transcript.words.push_back({word, first / frames_per_second, (last + 1) / frames_per_second});
    transcript.text += (transcript.text.empty() ? "" : " ") + word;
  }
  return transcript;
}

}  // namespace starcoach::speech
