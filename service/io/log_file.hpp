// pppd's `logfile FILE`: the link's log lines, as they go to the journal,
// appended to a file too, one line each (pppd writes them without a time
// stamp). Opened by the daemon as root; created with mode 0600.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "io/fd.hpp"

namespace ppp::io {

class LogFile {
public:
    // Appends to `path` from now on ("": no file). Keeps the open file when
    // the path is the same. Returns why it cannot be opened, if it cannot
    // (the previous file, if any, is closed then).
    std::optional<std::string> open(const std::string& path);
    void close();
    bool is_open() const { return static_cast<bool>(fd_); }
    const std::string& path() const { return path_; }

    // Appends `line` and a newline. A failed write closes the file and
    // returns the reason (once); a full pipe or terminal drops the line.
    std::optional<std::string> write(std::string_view line);

private:
    Fd fd_;
    std::string path_;
};

}  // namespace ppp::io
