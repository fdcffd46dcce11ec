// The prep sheet: per principle, the stories that cover it in STAR form, with the
// analyser's score of each story for that principle. Markdown or printable HTML.
#pragma once

#include <string>
#include <vector>

#include "starcoach/stories.hpp"

namespace starcoach::cli {

std::string prep_sheet_markdown(const std::vector<Story>& stories);
std::string prep_sheet_html(const std::vector<Story>& stories);

}  // namespace starcoach::cli
