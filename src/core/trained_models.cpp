#include "starcoach/trained_models.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "starcoach/errors.hpp"

namespace starcoach {

namespace {

// Each model's bytes start at an 8-byte boundary of the file (the file itself is
// embedded 16-byte aligned), because the program reads their tables in place.
constexpr std::string_view magic = "SCTM0002";

std::size_t padding(std::size_t size) { return (8 - size % 8) % 8; }

template <typename T>
T take(std::string_view& in) {
  T value;
  std::memcpy(&value, in.data(), sizeof value);  // little-endian, as every target here
  in.remove_prefix(sizeof value);
  return value;
}

template <typename T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

}  // namespace

std::string_view trained_model(std::string_view file, std::string_view name) {
  auto fail = [](const std::string& what) -> std::string_view { throw DataError("trained models", 1, what); };
  if (file.substr(0, magic.size()) != magic) return fail("not a file of trained models (run the build again)");
  std::string_view rest = file.substr(magic.size());
  while (!rest.empty()) {
    if (rest.size() < 4) return fail("the file is cut short");
    const std::size_t name_size = take<std::uint32_t>(rest);
    if (rest.size() < name_size) return fail("the file is cut short");
    const std::string_view found = rest.substr(0, name_size);
    rest.remove_prefix(name_size);
    const std::size_t pad = padding(file.size() - rest.size());
    if (rest.size() < pad + 8) return fail("the file is cut short");
    rest.remove_prefix(pad);
    const std::uint64_t size = take<std::uint64_t>(rest);
    if (rest.size() < size) return fail("the file is cut short");
    if (found == name) return rest.substr(0, size);
    rest.remove_prefix(size);
    rest.remove_prefix(std::min(rest.size(), padding(file.size() - rest.size())));
  }
  return fail("no model called \"" + std::string(name) + "\"");
}

void add_trained_model(std::string& file, std::string_view name, std::string_view bytes) {
  if (file.empty()) file = magic;
  put<std::uint32_t>(file, static_cast<std::uint32_t>(name.size()));
  file += name;
  file.append(padding(file.size()), '\0');
  put<std::uint64_t>(file, bytes.size());
  file += bytes;
  file.append(padding(file.size()), '\0');
}

}  // namespace starcoach
