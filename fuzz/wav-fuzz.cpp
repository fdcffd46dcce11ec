// libFuzzer target: arbitrary bytes as a recording for /api/transcribe's WAV reader. A file
// it cannot use must give InputError, never a crash or a read past the bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "starcoach/errors.hpp"
#include "transcriber.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const std::vector<short> samples = starcoach::speech::read_wav({reinterpret_cast<const char*>(data), size});
    if (samples.size() * 2 > size) std::abort();  // more samples than the bytes could hold
  } catch (const starcoach::InputError&) {
  }
  return 0;
}
