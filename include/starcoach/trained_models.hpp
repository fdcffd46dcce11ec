// The models trained at build time (tools/train-models.cpp trains them on data/, the
// build compiles the result in): one file of named sections, so that a program starts
// with its models ready instead of training them on every run.
//   "SCTM0002", then per model: u32 name length, name, zeros to an 8-byte boundary,
//   u64 size, the model's bytes, zeros to an 8-byte boundary (the program reads the
//   models' tables in place, so they must be aligned)
#pragma once

#include <string>
#include <string_view>

namespace starcoach {

// The file built into the program (cmake/embed.cmake, embed_blob). The trainer itself,
// which makes the file, has an empty one.
std::string_view trained_models_file();

// The bytes of the model called `name` in `file`; throws DataError when it is not there.
std::string_view trained_model(std::string_view file, std::string_view name);

// Appends a model to `file` (an empty string starts a new file).
void add_trained_model(std::string& file, std::string_view name, std::string_view bytes);

}  // namespace starcoach
