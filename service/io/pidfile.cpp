#include "io/pidfile.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>
#include <vector>

#include "io/fd.hpp"

namespace ppp::io {
namespace {

void write_all(int fd, const std::string& contents, const std::string& path) {
    std::size_t done = 0;
    while (done < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno("cannot write " + path);
        }
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace

PidFile::PidFile(std::string path, const std::string& contents) {
    // A uniquely named temporary in the same directory, renamed over the
    // target: readers see the old file or the complete new one, never a part.
    std::string tmp = path + ".XXXXXX";
    std::vector<char> name(tmp.begin(), tmp.end());
    name.push_back('\0');
    Fd fd(::mkostemp(name.data(), O_CLOEXEC));
    if (!fd) throw_errno("cannot create a temporary file for " + path);
    tmp.assign(name.data());
    try {
        if (::fchmod(fd.get(), 0644) < 0) throw_errno("cannot set the mode of " + tmp);
        write_all(fd.get(), contents, tmp);
        if (::close(fd.release()) < 0) throw_errno("cannot write " + tmp);
        if (::rename(tmp.c_str(), path.c_str()) < 0) throw_errno("cannot create " + path);
    } catch (...) {
        ::unlink(tmp.c_str());
        throw;
    }
    path_ = std::move(path);
}

PidFile::PidFile(PidFile&& o) noexcept : path_(std::exchange(o.path_, {})) {}

PidFile& PidFile::operator=(PidFile&& o) noexcept {
    if (this != &o) {
        if (!path_.empty()) ::unlink(path_.c_str());
        path_ = std::exchange(o.path_, {});
    }
    return *this;
}

PidFile::~PidFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
}

}  // namespace ppp::io
