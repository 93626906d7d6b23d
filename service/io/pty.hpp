// Pseudo-terminal pairs, used by the modem simulator and tests.
#pragma once

#include <string>

#include "io/fd.hpp"

namespace ppp::io {

struct Pty {
    Fd master;         // non-blocking, raw
    std::string slave_path;  // /dev/pts/N
};

// Opens a new pty in raw mode (posix_openpt, grantpt, unlockpt). Throws std::system_error.
Pty open_pty();

// Creates (replacing) a symlink `link` -> `target`. Throws std::system_error.
void replace_symlink(const std::string& target, const std::string& link);

}  // namespace ppp::io
