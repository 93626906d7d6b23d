#include "io/pidfile.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "io/fd.hpp"

namespace ppp::io {

PidFile::PidFile(std::string path, const std::string& contents) : path_(std::move(path)) {
    const std::string tmp = path_ + ".tmp";
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!fd) throw_errno("cannot create " + tmp);
    if (::write(fd.get(), contents.data(), contents.size()) != static_cast<ssize_t>(contents.size())) {
        ::unlink(tmp.c_str());
        throw_errno("cannot write " + tmp);
    }
    fd.reset();
    if (::rename(tmp.c_str(), path_.c_str()) < 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw_errno(err, "cannot create " + path_);
    }
}

PidFile::PidFile(PidFile&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }

PidFile& PidFile::operator=(PidFile&& o) noexcept {
    if (this != &o) {
        if (!path_.empty()) ::unlink(path_.c_str());
        path_ = std::move(o.path_);
        o.path_.clear();
    }
    return *this;
}

PidFile::~PidFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
}

}  // namespace ppp::io
