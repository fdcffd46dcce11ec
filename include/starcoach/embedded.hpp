// Data files compiled into the binary at build time (see cmake/embed.cmake).
#pragma once

#include <span>
#include <string_view>

namespace starcoach {

struct EmbeddedFile {
  std::string_view path;      // relative to the project root, e.g. "data/questions.tsv"
  std::string_view contents;
};

std::span<const EmbeddedFile> embedded_files();

// The contents of an embedded file; throws std::out_of_range for an unknown path.
std::string_view embedded_file(std::string_view path);

}  // namespace starcoach
