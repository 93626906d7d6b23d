#include "log.hpp"

#include <unistd.h>

#include <cerrno>
#include <string>

namespace ppp::sim {

void log_line(std::string_view line) {
    std::string s = "pppkit-sim: ";
    s.append(line);
    s.push_back('\n');
    std::size_t off = 0;
    while (off < s.size()) {
        const ssize_t n = ::write(STDERR_FILENO, s.data() + off, s.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // nowhere to log: never block or fail because of it
        off += static_cast<std::size_t>(n);
    }
}

}  // namespace ppp::sim
