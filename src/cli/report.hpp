// The analyser's result for people: a terminal report and a Markdown report. Both are
// formatters over the same Analysis; the JSON form lives in the core (json.hpp).
#pragma once

#include <string>
#include <string_view>

#include "delivery.hpp"
#include "starcoach/analysis.hpp"
#include "terminal.hpp"

namespace starcoach::cli {

std::string text_report(const Analysis& analysis, const Terminal& terminal, double words_per_minute);
std::string markdown_report(const Analysis& analysis, double words_per_minute);

// How a spoken answer was delivered: speaking time, pace, pauses and fillers.
std::string text_delivery(const speech::Delivery& delivery, const Terminal& terminal);
std::string markdown_delivery(const speech::Delivery& delivery);

}  // namespace starcoach::cli
