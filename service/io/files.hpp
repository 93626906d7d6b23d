// Reading configuration files for the pure parsers in libpppcore.
#pragma once

#include <optional>
#include <string>

namespace ppp::io {

// The whole file, or nullopt when it does not exist or cannot be read.
std::optional<std::string> read_file(const std::string& path);

}  // namespace ppp::io
