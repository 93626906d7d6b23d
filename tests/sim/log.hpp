// pppkit-sim's log: one line per event on stderr, prefixed "pppkit-sim: ".
#pragma once

#include <string_view>

namespace ppp::sim {

// Writes "pppkit-sim: <line>\n" to stderr in one write(2), so lines from
// several processes sharing a log file never interleave.
void log_line(std::string_view line);

}  // namespace ppp::sim
