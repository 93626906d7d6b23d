// Child processes: the connect command pppd runs with its stdin and stdout
// on the serial device, run through /bin/sh -c.
#pragma once

#include <map>
#include <string>

namespace ppp::io {

// Forks `/bin/sh -c command` with fd 0 and 1 set to `tty_fd` (blocking mode),
// fd 2 to /dev/null or `stderr_fd` if >= 0, everything else closed, `env` added
// to the environment (replacing variables of the same name). The child runs in
// its own process group with default signal dispositions and an empty mask.
// Returns the pid. Throws std::system_error.
// The child gets its own open of the tty when it can (as root), so `tty_fd`
// keeps O_NONBLOCK; when it cannot, the open file description is shared and
// `tty_fd` becomes blocking too: call set_nonblocking(tty_fd) once the child
// has exited.
int spawn_on_tty(const std::string& command, int tty_fd, const std::map<std::string, std::string>& env, int stderr_fd = -1);

}  // namespace ppp::io
