#include "io/log_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ppp::io {

std::optional<std::string> LogFile::open(const std::string& path) {
    if (path == path_ && fd_) return std::nullopt;
    close();
    if (path.empty()) return std::nullopt;
    // O_NONBLOCK: a FIFO with no reader fails at once (ENXIO) instead of
    // stopping the daemon, and a stalled terminal drops lines.
    Fd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOCTTY | O_CLOEXEC | O_NONBLOCK, 0600));
    if (!fd) return "cannot open log file " + path + ": " + std::strerror(errno);
    struct stat st {};
    if (::fstat(fd.get(), &st) < 0) return "cannot open log file " + path + ": " + std::strerror(errno);
    if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode)) {
        return "cannot use " + path + " as a log file: not a file, FIFO or terminal";
    }
    fd_ = std::move(fd);
    path_ = path;
    return std::nullopt;
}

void LogFile::close() {
    fd_.reset();
    path_.clear();
}

std::optional<std::string> LogFile::write(std::string_view line) {
    if (!fd_) return std::nullopt;
    std::string text(line);
    if (text.empty() || text.back() != '\n') text += '\n';
    const ssize_t n = ::write(fd_.get(), text.data(), text.size());
    if (n >= 0 || errno == EAGAIN || errno == EINTR) return std::nullopt;
    const std::string reason = "cannot write log file " + path_ + ": " + std::strerror(errno);
    close();
    return reason;
}

}  // namespace ppp::io
