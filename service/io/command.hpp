// Child processes: the connect command pppd runs with its stdin and stdout
// on the serial device, run through /bin/sh -c.
#pragma once

#include <map>
#include <string>

namespace ppp::io {

// Forks `/bin/sh -c command` with fd 0 and 1 set to `tty_fd` (blocking mode),
// fd 2 to /dev/null or `stderr_fd` if >= 0, everything else closed, `env` added
// to the environment. Returns the pid. Throws std::system_error.
int spawn_on_tty(const std::string& command, int tty_fd, const std::map<std::string, std::string>& env, int stderr_fd = -1);

}  // namespace ppp::io
