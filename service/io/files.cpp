#include "io/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "io/fd.hpp"

namespace ppp::io {
namespace {

// Configuration files are small; anything larger is refused, not slurped.
constexpr std::size_t kMaxFileSize = 16 * 1024 * 1024;

}  // namespace

std::optional<std::string> read_file(const std::string& path) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; only regular
    // files are read.
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!fd) return std::nullopt;
    struct stat st {};
    if (::fstat(fd.get(), &st) < 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    std::string contents;
    char buf[8192];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            return std::nullopt;
        }
        if (n == 0) break;
        if (contents.size() + static_cast<std::size_t>(n) > kMaxFileSize) return std::nullopt;
        contents.append(buf, static_cast<std::size_t>(n));
    }
    return contents;
}

}  // namespace ppp::io
